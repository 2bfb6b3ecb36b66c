import { WorkflowRegistry } from '@doanflow/engine';
import { hostDirectory } from './directory.ts';
import { createDoanflowServer, type DoanflowServer, type DoanflowServerOptions } from '@doanflow/server';
import { hostWorkflows } from './workflow/index.ts';

export type HostOptions = Omit<DoanflowServerOptions, 'registry'>;

/**
 * The doanflow server with this host's workflow registered next to the Union's, built the same way
 * as the server's own main.ts (timers, webhook delivery, housekeeping, metrics, shutdown): the
 * registry is the only thing that changes. Nothing in packages/ is edited.
 */
export function createHost(options: HostOptions): Promise<DoanflowServer> {
  return createDoanflowServer({
    directory: hostDirectory,
    ...options,
    registry: new WorkflowRegistry(hostWorkflows),
  });
}

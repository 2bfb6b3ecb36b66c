import { demoDirectoryData, WorkflowRegistry, type DirectoryData } from '@doanflow/engine';
import {
  buildApp,
  createRuntime,
  type AppOptions,
  type CreateRuntimeOptions,
  type DoanflowApp,
  type HostedRuntime,
} from '@doanflow/server';
import { hostWorkflows } from './workflow/index.ts';

export interface HostOptions
  extends
    Omit<CreateRuntimeOptions, 'registry' | 'directory'>,
    Pick<AppOptions, 'auth' | 'logger' | 'portal'> {
  directory?: DirectoryData;
}

/**
 * The doanflow server with this host's workflow registered next to the Union's: the registry is
 * the only thing that changes. Nothing in packages/ is edited.
 */
export async function createHost(
  options: HostOptions,
): Promise<{ app: DoanflowApp; runtime: HostedRuntime }> {
  const { auth, logger, portal, directory = demoDirectoryData, ...runtimeOptions } = options;
  const registry = new WorkflowRegistry(hostWorkflows);
  const runtime = await createRuntime({ ...runtimeOptions, registry, directory });
  const app = buildApp({
    runtime,
    registry,
    // Documents in: the Union's workflows declare theirs; a host's workflow may declare its own.
    dossiers: runtime.dossiers,
    auth,
    ...(logger !== undefined ? { logger } : {}),
    ...(portal ? { portal } : {}),
  });
  return { app, runtime };
}

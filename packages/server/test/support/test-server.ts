import type { Clock } from '@doanflow/engine';
import { createDoanflowServer, type DoanflowServer, type DoanflowServerOptions } from '../../src/server.ts';
import { DATABASE_URL, dropSchema, REDIS_URL, uniqueName } from '../runtime/support.ts';

export interface TestServerOptions extends Partial<Omit<DoanflowServerOptions, 'http'>> {
  /** The runtime's clock (default the real one). */
  clock?: Clock;
  /** How the suite's bearer tokens are checked (its HS256 secret and tenant, or keys). */
  auth: DoanflowServerOptions['http']['auth'];
  /** Share a schema / prefix with another server (two processes on one database and Redis). */
  schema?: string;
  queuePrefix?: string;
  /** Run BullMQ on Redis (default true); false leaves timers to the reconciler. */
  redis?: boolean;
  /** Embedded PGlite instead of the test PostgreSQL. */
  embedded?: boolean;
  /** Options of the HTTP app beyond auth. */
  http?: Partial<DoanflowServerOptions['http']>;
}

export interface TestServer extends DoanflowServer {
  clock: Clock;
  schema: string;
  prefix: string;
  /** Closes the server; with `drop` (default) its BullMQ keys and PostgreSQL schema go too. */
  close(options?: { drop?: boolean }): Promise<void>;
}

/**
 * The server as main.ts builds it (createDoanflowServer) on the test PostgreSQL, in a schema of its
 * own, with BullMQ under a prefix of its own. Quiet by default: no log, no overdue or due-timer sweep, and the
 * background work a test would race with (webhook delivery, housekeeping, metrics) off unless asked.
 */
export async function openTestServer(name: string, options: TestServerOptions): Promise<TestServer> {
  const { clock = { now: () => new Date() }, auth, redis = true, embedded = false, http, ...rest } = options;
  const schema = options.schema ?? uniqueName(`t_${name}`);
  const prefix = options.queuePrefix ?? uniqueName(`dft_${name}`);
  const server = await createDoanflowServer({
    ...(embedded ? {} : { databaseUrl: DATABASE_URL, schema }),
    ...(redis && !embedded ? { redisUrl: REDIS_URL, queuePrefix: prefix } : {}),
    reconcileIntervalMs: 0,
    dueSweep: false,
    poolSize: 4,
    log: () => {},
    webhookDelivery: false,
    housekeeping: false,
    metrics: false,
    ...rest,
    clock,
    http: { ...http, auth },
  });
  await server.app.ready();
  const close = server.close;
  return {
    ...server,
    clock,
    schema,
    prefix,
    async close({ drop = true } = {}) {
      if (drop) await server.runtime.timers?.queue.obliterate({ force: true });
      await close();
      if (drop && !embedded) await dropSchema(schema);
    },
  };
}

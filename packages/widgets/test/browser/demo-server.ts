import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createDoanflowServer, demoDirectoryData, type PortalOptions } from '@doanflow/server';

export const DATABASE_URL =
  process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/doanflow_test';
export const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

export interface DemoServer {
  url: string;
  /** The JWT secret: tests sign short-lived tokens with it (a token expiring mid-session). */
  secret: string;
  close(): Promise<void>;
}

/**
 * The real server as `pnpm start` runs it in demo mode (createDoanflowServer, as main.ts builds it,
 * webhook delivery and housekeeping included) — PostgreSQL (a schema of its own), BullMQ
 * on Redis (a prefix of its own), dev tokens, the demo directory — serving the built portal, the
 * elements script and the plain embedding page, listening on 127.0.0.1 on a free port.
 */
export async function startDemoServer(options: {
  portal: PortalOptions;
  elementsScript: string;
  /** Portal origins allowed to call the API from a browser. */
  corsOrigins: string[];
}): Promise<DemoServer> {
  const { portal, elementsScript } = options;
  const secret = randomBytes(32).toString('base64url');
  const suffix = randomBytes(5).toString('hex');
  const schema = `browser_${suffix}`;
  const server = await createDoanflowServer({
    databaseUrl: DATABASE_URL,
    schema,
    redisUrl: REDIS_URL,
    queuePrefix: `dfbrowser_${suffix}`,
    directory: demoDirectoryData,
    poolSize: 6,
    log: () => {},
    http: {
      auth: { secret, devTokens: true },
      cors: { origins: options.corsOrigins },
      // Every request of the suite comes from 127.0.0.1: no rate limit in the way.
      rateLimit: { max: 100_000 },
      heartbeatMs: 5_000,
      portal,
      elementsScript,
    },
  });
  const { app, runtime } = server;
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
  } catch (error) {
    await dropSchema(runtime, schema);
    await server.close();
    throw error;
  }
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    secret,
    async close() {
      await runtime.timers?.queue.obliterate({ force: true });
      await dropSchema(runtime, schema);
      await server.close();
    },
  };
}

/** Through the runtime's own pool, before it closes (the test owns no other database client). */
async function dropSchema(runtime: { db: { query: (sql: string) => Promise<unknown> } }, schema: string) {
  await runtime.db.query(`drop schema if exists ${schema} cascade`).catch(() => {});
}

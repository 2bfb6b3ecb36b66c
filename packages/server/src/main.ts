import { demoDirectoryData, unionWorkflows, WorkflowRegistry } from '@doanflow/engine';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createRuntime } from './runtime-factory.ts';

const SHUTDOWN_GRACE_MS = 10_000;

async function main() {
  const config = loadConfig(process.env);
  const registry = new WorkflowRegistry(unionWorkflows);
  const runtime = await createRuntime({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    redisUrl: config.redisUrl,
    registry,
    directory: config.demo ? demoDirectoryData : undefined,
  });
  const app = buildApp({
    runtime,
    registry,
    auth: config.auth,
    cors: config.cors,
    rateLimit: config.rateLimit,
    trustProxy: config.trustProxy,
    logger: { level: config.logLevel },
  });

  if (config.auth.devTokens) {
    const banner = '*'.repeat(72);
    app.log.warn(banner);
    app.log.warn('DEVELOPMENT MODE: POST /auth/dev-token signs anyone in as any person in the directory.');
    if (config.ephemeralSecret) app.log.warn('No JWT_SECRET: a random one was generated for this run.');
    app.log.warn(banner);
  }

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // A stuck connection or job must not keep the process alive forever.
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));

  const address = await app.listen({ port: config.port, host: config.host });
  app.log.info(
    `doanflow listening on ${address}; API docs at ${address}/docs (OpenAPI: ${address}/openapi.json)`,
  );
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error('doanflow failed to start:', error);
  }
  process.exit(1);
});

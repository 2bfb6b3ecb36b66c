import { ConfigError, loadConfig } from '@doanflow/server';
import { createHost } from './host.ts';

/**
 * `pnpm --filter @doanflow/example-custom-workflow start`: the server, configured by the same
 * environment variables as packages/server (DATABASE_URL, REDIS_URL, JWT_SECRET or
 * DOANFLOW_DEV_TOKENS=1, PORT…), with the training-course registration workflow added.
 */
async function main() {
  const config = loadConfig(process.env);
  const { app } = await createHost({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    redisUrl: config.redisUrl,
    auth: config.auth,
    logger: { level: config.logLevel },
  });
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const address = await app.listen({ port: config.port, host: config.host });
  app.log.info(`doanflow with training-registration on ${address} (GET ${address}/definitions)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});

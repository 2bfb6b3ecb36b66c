import { closeOnSignals, ConfigError, loadConfig, serverOptionsFrom, startTracing } from '@doanflow/server';
import { createHost } from './host.ts';

/**
 * `pnpm --filter @doanflow/example-custom-workflow start`: the server, configured by the same
 * environment variables as packages/server (DATABASE_URL, REDIS_URL, JWT_SECRET or
 * DOANFLOW_DEV_TOKENS=1, PORT, WEBHOOK_*, METRICS_TOKEN, OTEL_*…), with the training-course
 * registration workflow added.
 */
async function main() {
  const config = loadConfig(process.env);
  const tracing = await startTracing(process.env);
  const server = await createHost({ ...serverOptionsFrom(config), tracing });
  closeOnSignals(server);
  const address = await server.listen({ port: config.port, host: config.host });
  server.app.log.info(`doanflow with training-registration on ${address} (GET ${address}/definitions)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});

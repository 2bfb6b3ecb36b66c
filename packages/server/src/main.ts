import { demoDirectoryData } from '@doanflow/engine';
import { demoUnitSymbols } from './demo/document-symbols.ts';
import { ConfigError, loadConfig } from './config.ts';
import { applyMemorySettings } from './memory-settings.ts';
import { SchemaVersionError } from './db/schema-version.ts';
import { printDemoBanner } from './demo/demo-banner.ts';
import { builtElementsScript, builtPortal } from './demo/portal-files.ts';
import { seedDemo, type SeedReport } from './demo/seed-demo.ts';
import { createDoanflowServer } from './server.ts';
import { closeOnSignals, serverOptionsFrom } from './server-options.ts';
import { SERVER_VERSION } from './version.ts';
import { startTracing } from './telemetry/tracing.ts';

async function main() {
  // First: V8's heap growth (young generation: see memory-settings.ts and the serve script).
  const memoryNote = applyMemorySettings(process.execArgv, process.env['NODE_OPTIONS']);
  const config = loadConfig(process.env);
  // Before anything else, so every request and command is traced (when an exporter is configured).
  const tracing = await startTracing(process.env);
  const portal = config.demo ? builtPortal() : undefined;
  const elementsScript = builtElementsScript();
  const options = serverOptionsFrom(config);
  const demo: { seeded?: SeedReport } = {};
  const server = await createDoanflowServer({
    ...options,
    directory: config.demo ? demoDirectoryData : undefined,
    documents: config.demo ? { ...config.documents, unitSymbols: demoUnitSymbols } : config.documents,
    http: {
      ...options.http,
      ...(portal ? { portal } : {}),
      ...(elementsScript ? { elementsScript } : {}),
    },
    tracing,
    // The demo's seed writes a past of its own (the runtime itself stays on the real clock).
    prepare: async (runtime) => {
      if (config.demo) demo.seeded = await seedDemo(runtime);
    },
  });
  const { app, runtime } = server;
  app.log.info(
    config.databaseUrl ? 'database: PostgreSQL (DATABASE_URL)' : `database: PGlite in ${config.dataDir}`,
  );
  app.log.info(runtime.schemaReport);
  app.log.info(runtime.timerDelivery);
  app.log.info(`attachments: ${runtime.attachments.store.name}`);
  if (memoryNote) app.log.warn(memoryNote);
  if (tracing) app.log.info('tracing: OpenTelemetry exporter configured (OTEL_* variables)');
  const channels = server.notifier?.channels.map((channel) => channel.name) ?? [];
  app.log.info(`notifications: ${channels.join(', ') || 'no channel configured (NOTIFY_SMTP_URL, VAPID_*)'}`);
  const { seeded } = demo;
  if (seeded) app.log[seeded.failed.length ? 'warn' : 'info'](seeded, 'demo data');

  if (config.auth.devTokens) {
    const banner = '*'.repeat(72);
    app.log.warn(banner);
    app.log.warn('DEVELOPMENT MODE: POST /auth/dev-token signs anyone in as any person in the directory.');
    if (config.ephemeralSecret) app.log.warn('No JWT_SECRET: a random one was generated for this run.');
    app.log.warn(banner);
  }

  closeOnSignals(server);

  const address = await server.listen({ port: config.port, host: config.host });
  app.log.info(
    `doanflow ${SERVER_VERSION} listening on ${address}; API docs at ${address}/docs (OpenAPI: ${address}/openapi.json)`,
  );
  if (seeded) {
    printDemoBanner({
      address,
      portal: portal !== undefined,
      runtime,
      seeded,
      devTokens: config.auth.devTokens === true,
    });
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof SchemaVersionError) {
    console.error(error.message);
  } else {
    console.error('doanflow failed to start:', error);
  }
  process.exit(1);
});

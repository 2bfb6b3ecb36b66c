import { demoUnitSymbols } from './demo/document-symbols.ts';
import { readFileSync } from 'node:fs';
import { demoDirectoryData, unionWorkflows, WorkflowRegistry } from '@doanflow/engine';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { SchemaVersionError } from './db/schema-version.ts';
import { printDemoBanner } from './demo/demo-banner.ts';
import { builtElementsScript, builtPortal } from './demo/portal-files.ts';
import { seedDemo } from './demo/seed-demo.ts';
import { ServerMetrics } from './metrics/server-metrics.ts';
import { Housekeeping } from './runner/housekeeping.ts';
import { createRuntime } from './runtime-factory.ts';
import { runtimeOptionsFrom } from './runtime-options.ts';
import { SERVER_VERSION } from './version.ts';
import { startTracing } from './telemetry/tracing.ts';
import { WebhookDispatcher } from './webhooks/dispatcher.ts';
import { defaultAdminPolicy } from './routes/shared/caller-scope.ts';
import { createNotifier } from './notifications/create-notifier.ts';

const SHUTDOWN_GRACE_MS = 10_000;

async function main() {
  const config = loadConfig(process.env);
  // Before anything else, so every request and command is traced (when an exporter is configured).
  const tracing = await startTracing(process.env);
  const metrics = new ServerMetrics();
  const registry = new WorkflowRegistry(unionWorkflows);
  const runtime = await createRuntime({
    ...runtimeOptionsFrom(config),
    registry,
    directory: config.demo ? demoDirectoryData : undefined,
    attachments: config.attachments,
    documents: config.demo ? { ...config.documents, unitSymbols: demoUnitSymbols } : config.documents,
    observer: metrics.runtimeObserver,
  });
  const { notifier, tokens } = createNotifier(runtime, config.notifications, {
    ...metrics.notificationObserver,
    log: (message, error) => app.log.warn({ err: error }, message),
  });
  const portal = config.demo ? builtPortal() : undefined;
  const elementsScript = builtElementsScript();
  const app = buildApp({
    ...(portal ? { portal } : {}),
    ...(elementsScript ? { elementsScript } : {}),
    runtime,
    registry,
    webhooks: runtime.webhooks,
    webhookTargets: { allow: config.webhooks.allowedHosts },
    dossiers: runtime.dossiers,
    issuedDocuments: runtime.issuedDocuments,
    auth: config.auth,
    cors: config.cors,
    rateLimit: config.rateLimit,
    trustProxy: config.trustProxy,
    ...(config.firstAdmin ? { adminPolicy: { ...defaultAdminPolicy, firstAdmin: config.firstAdmin } } : {}),
    requireExpectedRevision: config.requireExpectedRevision,
    ...(config.tls
      ? { tls: { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) } }
      : {}),
    logger: { level: config.logLevel },
    metrics: { metrics, token: config.metricsToken },
    notifications: { notifier, tokens, vapidPublicKey: config.notifications.vapid?.publicKey ?? null },
    ...(tracing ? { tracing } : {}),
  });
  app.log.info(
    config.databaseUrl ? 'database: PostgreSQL (DATABASE_URL)' : `database: PGlite in ${config.dataDir}`,
  );
  app.log.info(runtime.schemaReport);
  app.log.info(runtime.timerDelivery);
  app.log.info(`attachments: ${runtime.attachments.store.name}`);

  const { concurrency, timeoutMs, allowedHosts, ...policy } = config.webhooks;
  const dispatcher = new WebhookDispatcher({
    db: runtime.db,
    store: runtime.webhooks,
    subscribe: (listener) => runtime.subscribe(listener),
    concurrency,
    timeoutMs,
    policy,
    targets: { allow: allowedHosts },
    ...metrics.webhookObserver,
    log: (message, error) => app.log.warn({ err: error }, message),
  });
  dispatcher.start();
  notifier.start();
  app.log.info(
    `notifications: ${notifier.channels.map((channel) => channel.name).join(', ') || 'no channel configured (NOTIFY_SMTP_URL, VAPID_*)'}`,
  );
  const { timers, worker } = runtime;
  metrics.watch({
    db: runtime.db,
    deliveries: dispatcher.queue,
    notifications: notifier.queue,
    ...(timers ? { wakeupJobs: () => timers.queue.getJobCounts('wait', 'active', 'delayed', 'failed') } : {}),
    ...(worker ? { timerWorkerRunning: () => worker.isRunning() && !worker.closing } : {}),
    changeListeners: () => runtime.hub.listenerCount,
  });
  if (tracing) app.log.info('tracing: OpenTelemetry exporter configured (OTEL_* variables)');

  // The demo's seed writes a past of its own (the runtime itself stays on the real clock).
  const seeded = config.demo ? await seedDemo(runtime) : null;
  if (seeded) app.log[seeded.failed.length ? 'warn' : 'info'](seeded, 'demo data');
  // After the seed: a start killed mid-seed is repaired from the seed's Idempotency-Keys, which
  // pruning (they carry the seed's past instants) would otherwise remove first.
  const housekeeping = new Housekeeping({
    db: runtime.db,
    attachments: runtime.attachments,
    log: (message, error) => app.log.warn({ err: error }, message),
  });
  housekeeping.start();
  // Before the runtime closes (onClose): deliveries in flight are cut short and left for the next start.
  app.addHook('preClose', async () => {
    await Promise.all([dispatcher.stop(), notifier.stop(), housekeeping.stop()]);
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
      async () => {
        // Spans still buffered leave now; a collector that does not answer must not hold the exit.
        await Promise.race([tracing?.shutdown(), new Promise((done) => setTimeout(done, 2_000))]);
        process.exit(0);
      },
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

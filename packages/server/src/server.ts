import { unionWorkflows, WorkflowRegistry } from '@doanflow/engine';
import { buildApp, type AppOptions, type DoanflowApp } from './app.ts';
import type { ServerConfig } from './config.ts';
import { ServerMetrics } from './metrics/server-metrics.ts';
import type { NotificationChannel } from './notifications/channel.ts';
import { createNotifier } from './notifications/create-notifier.ts';
import type { Notifier } from './notifications/notifier.ts';
import { Housekeeping, type HousekeepingOptions } from './runner/housekeeping.ts';
import { createRuntime, type CreateRuntimeOptions, type HostedRuntime } from './runtime-factory.ts';
import type { Tracing } from './telemetry/tracing.ts';
import { DeliveryQueue } from './webhooks/delivery-queue.ts';
import { WebhookDispatcher, type WebhookDispatcherOptions } from './webhooks/dispatcher.ts';
import type { WebhookTargetPolicy } from './webhooks/target-guard.ts';
import { RedisWindowCounter } from './issued-documents/redis-window-counter.ts';
import { DEFAULT_VERIFY_PER_MINUTE } from './routes/issued-documents/index.ts';

/** How webhooks leave this process (the dispatcher's settings a host may change). */
export type WebhookDeliveryOptions = Pick<
  WebhookDispatcherOptions,
  'concurrency' | 'timeoutMs' | 'policy' | 'pollMs' | 'batchSize' | 'fetch' | 'clock'
>;

/** E-mail and Web Push behind the outbox (NOTIFY_*, VAPID_*), and a deployment's own channels. */
export type NotificationSettings = ServerConfig['notifications'] & { channels?: NotificationChannel[] };

/** The clean-up of what only grows (see Housekeeping), as a host may tune it. */
export type HousekeepingSettings = Omit<HousekeepingOptions, 'db' | 'attachments' | 'log'>;

export interface DoanflowServerOptions extends Omit<CreateRuntimeOptions, 'registry' | 'observer'> {
  /** The workflows this server runs (default: the Union's built-in ones). */
  registry?: WorkflowRegistry;
  /** The HTTP API's options; runtime, registry, webhook store, dossiers, issued documents, metrics and tracing are wired here. */
  http: Omit<
    AppOptions,
    | 'runtime'
    | 'registry'
    | 'webhooks'
    | 'dossiers'
    | 'issuedDocuments'
    | 'verifyLimiter'
    | 'notifications'
    | 'webhookTargets'
    | 'metrics'
    | 'tracing'
  >;
  /** Prometheus metrics at GET /metrics (default on; `token` guards the route). `false` turns them off. */
  metrics?: false | { token?: string };
  /** OpenTelemetry as started by `startTracing` (registered first, flushed on close). */
  tracing?: Tracing | null;
  /** Webhook delivery in this process (default on). `false`: another process of the deployment delivers. */
  webhookDelivery?: false | WebhookDeliveryOptions;
  /** Where webhooks may point beyond public addresses (WEBHOOK_ALLOWED_HOSTS): checked at registration and delivery. */
  webhookTargets?: WebhookTargetPolicy;
  /** Notifications (their routes and their delivery in this process); without them neither is offered. */
  notifications?: NotificationSettings;
  /** Hourly pruning, vacuum and repair in this process (default on). `false` turns it off. */
  housekeeping?: false | HousekeepingSettings;
  /**
   * Runs once the runtime is open and webhooks flow, before housekeeping starts and before listening
   * (the demo's seed: its Idempotency-Keys carry past instants that pruning would remove first).
   */
  prepare?: (runtime: HostedRuntime) => Promise<void>;
}

/** A doanflow server assembled the one way: runtime, timers, HTTP API, webhooks, housekeeping, metrics. */
export interface DoanflowServer {
  app: DoanflowApp;
  runtime: HostedRuntime;
  registry: WorkflowRegistry;
  /** Null when `webhookDelivery: false`. */
  dispatcher: WebhookDispatcher | null;
  /** Null when `housekeeping: false`. */
  housekeeping: Housekeeping | null;
  /** Null when `metrics: false`. */
  metrics: ServerMetrics | null;
  /** Null without `notifications`. */
  notifier: Notifier | null;
  /** Listens and resolves with the address. */
  listen(options: { port: number; host: string }): Promise<string>;
  /**
   * Stops webhook delivery and housekeeping (attempts in flight are left for the next start), closes
   * the HTTP server and the runtime (timers, pool), then flushes the traces (at most 2 s).
   */
  close(): Promise<void>;
}

/**
 * The one way to host doanflow: `main.ts`, a host application with its own workflows, the bench and
 * the tests all build their server here, so each gets timer delivery, webhook delivery,
 * housekeeping, metrics, tracing and an orderly shutdown alike. Never listens by itself.
 */
export async function createDoanflowServer(options: DoanflowServerOptions): Promise<DoanflowServer> {
  const {
    registry = new WorkflowRegistry(unionWorkflows),
    http,
    metrics: metricsOption = {},
    tracing = null,
    webhookDelivery = {},
    webhookTargets,
    notifications,
    housekeeping: housekeepingOption = {},
    prepare,
    ...runtimeOptions
  } = options;
  const metrics = metricsOption === false ? null : new ServerMetrics();
  const runtime = await createRuntime({
    ...runtimeOptions,
    registry,
    ...(metrics ? { observer: metrics.runtimeObserver } : {}),
  });
  const warnings: { log?: (message: string, error?: unknown) => void } = {};
  const warnLater = (message: string, error?: unknown) => warnings.log?.(message, error);
  const notifying = notifications
    ? createNotifier(runtime, notifications, {
        ...(notifications.channels ? { channels: notifications.channels } : {}),
        ...metrics?.notificationObserver,
        log: warnLater,
      })
    : null;
  // The verify page's limit is counted in Redis when the timers have one, so every process behind
  // one address counts together; the embedded server (no Redis) counts in its one process.
  const verifyLimiter =
    runtime.timerTransport.kind === 'redis'
      ? new RedisWindowCounter({
          redisUrl: runtime.timerTransport.url,
          prefix: `${runtimeOptions.queuePrefix ?? 'doanflow'}:verify:`,
          max: http.verifyPerMinute ?? DEFAULT_VERIFY_PER_MINUTE,
          windowMs: 60_000,
        })
      : undefined;
  const app = buildApp({
    ...http,
    ...(verifyLimiter ? { verifyLimiter } : {}),
    runtime,
    registry,
    webhooks: runtime.webhooks,
    dossiers: runtime.dossiers,
    issuedDocuments: runtime.issuedDocuments,
    ...(webhookTargets ? { webhookTargets } : {}),
    ...(notifying
      ? { notifications: { ...notifying, vapidPublicKey: notifications?.vapid?.publicKey ?? null } }
      : {}),
    ...(metrics
      ? { metrics: { metrics, token: metricsOption === false ? undefined : metricsOption.token } }
      : {}),
    ...(tracing ? { tracing } : {}),
  });
  const warn = (message: string, error?: unknown) => app.log.warn({ err: error }, message);
  warnings.log = warn;
  const notifier = notifying?.notifier ?? null;

  const dispatcher =
    webhookDelivery === false
      ? null
      : new WebhookDispatcher({
          ...webhookDelivery,
          ...(webhookTargets ? { targets: webhookTargets } : {}),
          db: runtime.db,
          store: runtime.webhooks,
          subscribe: (listener) => runtime.subscribe(listener),
          ...metrics?.webhookObserver,
          log: warn,
        });
  const housekeeping =
    housekeepingOption === false
      ? null
      : new Housekeeping({
          ...housekeepingOption,
          db: runtime.db,
          attachments: runtime.attachments,
          log: warn,
        });
  // Before the runtime closes (onClose): deliveries in flight are cut short and left for the next start.
  app.addHook('preClose', async () => {
    await Promise.all([dispatcher?.stop(), notifier?.stop(), housekeeping?.stop()]);
  });
  app.addHook('onClose', async () => verifyLimiter?.close());

  if (metrics) {
    const { timers, worker } = runtime;
    metrics.watch({
      db: runtime.db,
      deliveries: dispatcher?.queue ?? new DeliveryQueue(runtime.db),
      ...(notifier ? { notifications: notifier.queue } : {}),
      ...(timers
        ? { wakeupJobs: () => timers.queue.getJobCounts('wait', 'active', 'delayed', 'failed') }
        : {}),
      ...(worker ? { timerWorkerRunning: () => worker.isRunning() && !worker.closing } : {}),
      changeListeners: () => runtime.hub.listenerCount,
      changeLink: () => runtime.hub.changeLink,
    });
  }

  try {
    dispatcher?.start();
    notifier?.start();
    await prepare?.(runtime);
    housekeeping?.start();
  } catch (error) {
    await app.close().catch(() => {});
    throw error;
  }

  let closed: Promise<void> | null = null;
  return {
    app,
    runtime,
    registry,
    dispatcher,
    housekeeping,
    metrics,
    notifier,
    listen: (address) => app.listen(address),
    close() {
      closed ??= app.close().then(async () => {
        // Spans still buffered leave now; a collector that does not answer must not hold the exit.
        let waited: NodeJS.Timeout | undefined;
        await Promise.race([
          tracing?.shutdown(),
          new Promise((done) => {
            waited = setTimeout(done, 2_000);
          }),
        ]);
        clearTimeout(waited);
      });
      return closed;
    },
  };
}

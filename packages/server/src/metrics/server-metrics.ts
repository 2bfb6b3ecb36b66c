import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../db/database.ts';
import type { RuntimeObserver } from '../runner/observer.ts';
import type { DeliveryQueue } from '../webhooks/delivery-queue.ts';
import type { WebhookDispatcherOptions } from '../webhooks/dispatcher.ts';
import type { NotificationQueue } from '../notifications/notification-queue.ts';
import type { NotifierOptions } from '../notifications/notifier.ts';

/** What the gauges read at each scrape. */
export interface MetricSources {
  db: Database;
  deliveries: DeliveryQueue;
  /** The notifications table (absent: no notifier in this process). */
  notifications?: Pick<NotificationQueue, 'countByState'>;
  /** BullMQ's wake-up job counts by state; absent when timers are polled. */
  wakeupJobs?: () => Promise<Record<string, number>>;
  /** Whether this process's timer worker runs (absent: no worker here). */
  timerWorkerRunning?: () => boolean;
  /** Listeners of committed changes in this process (event streams, the dispatcher). */
  changeListeners: () => number;
  /** This process's link to other processes' changes (LISTEN); connected is null without one. */
  changeLink?: () => { connected: boolean | null; restores: number };
  clock?: { now(): Date };
}

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const LATENESS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600];

/**
 * The server's Prometheus metrics: what happens (counters and histograms fed as it happens) and
 * what waits (gauges read from PostgreSQL and BullMQ at each scrape), beside Node's process metrics.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly commands = new Counter({
    name: 'doanflow_commands_total',
    help: 'Starts and decisions by workflow and outcome (applied, replayed, refused, conflict, not_found, unavailable, error)',
    labelNames: ['kind', 'workflow', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly commandSeconds = new Histogram({
    name: 'doanflow_command_duration_seconds',
    help: 'Time to apply a start or a decision, database included',
    labelNames: ['kind'] as const,
    buckets: SECONDS,
    registers: [this.registry],
  });
  readonly requestSeconds = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status (event streams excluded)',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: SECONDS,
    registers: [this.registry],
  });
  readonly timerLateness = new Histogram({
    name: 'doanflow_timer_lateness_seconds',
    help: 'How long after its due time a timer event was applied',
    labelNames: ['workflow'] as const,
    buckets: LATENESS,
    registers: [this.registry],
  });
  readonly webhookAttempts = new Counter({
    name: 'doanflow_webhook_attempts_total',
    help: 'Delivery attempts per webhook: delivered, retrying (failed, tried again later) or gave_up',
    labelNames: ['webhook', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly webhookSeconds = new Histogram({
    name: 'doanflow_webhook_attempt_duration_seconds',
    help: 'Time a webhook receiver took to answer (or to time out)',
    labelNames: ['webhook'] as const,
    buckets: SECONDS,
    registers: [this.registry],
  });
  readonly webhooksDisabled = new Counter({
    name: 'doanflow_webhook_disabled_total',
    help: 'Webhooks disabled after a long run of failures',
    labelNames: ['webhook'] as const,
    registers: [this.registry],
  });

  readonly notificationAttempts = new Counter({
    name: 'doanflow_notification_attempts_total',
    help: 'Notification sends by channel, kind and outcome: sent, retrying, or failed (bounced or given up)',
    labelNames: ['channel', 'kind', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly signingSeconds = new Histogram({
    name: 'doanflow_signing_phase_seconds',
    help: 'A signing step by phase: render (PDFs rendered before the lock), turn (behind the steps ahead in its register), transaction (its transaction)',
    labelNames: ['phase'] as const,
    buckets: SECONDS,
    registers: [this.registry],
  });

  readonly signingGuessMissed = new Counter({
    name: 'doanflow_signing_guess_missed_total',
    help: 'Signing steps whose serial guessed ahead was not the register’s (issued again, the serial first)',
    registers: [this.registry],
  });

  /** The link to other processes' changes counts its own restores; the counter follows at scrapes. */
  private changeLink: MetricSources['changeLink'];
  private restoresCounted = 0;
  readonly changeLinkRestores = new Counter({
    name: 'doanflow_change_link_restores_total',
    help: 'Times the link to other processes’ changes was lost and re-established (open event streams were told to resync)',
    registers: [this.registry],
    collect: () => {
      if (!this.changeLink) return;
      const { restores } = this.changeLink();
      this.changeLinkRestores.inc(restores - this.restoresCounted);
      this.restoresCounted = restores;
    },
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Fed by the runtime. */
  readonly runtimeObserver: RuntimeObserver = {
    command: (kind, workflow, outcome, seconds) => {
      this.commands.inc({ kind, workflow, outcome });
      this.commandSeconds.observe({ kind }, seconds);
    },
    timerFired: (workflow, lateSeconds) => this.timerLateness.observe({ workflow }, Math.max(0, lateSeconds)),
    signing: (phase, seconds) => this.signingSeconds.observe({ phase }, seconds),
    signingGuessMissed: () => this.signingGuessMissed.inc(),
  };

  /** Fed by the webhook dispatcher. */
  readonly webhookObserver: Pick<WebhookDispatcherOptions, 'onAttempt' | 'onDisabled'> = {
    onAttempt: (webhook, outcome, seconds) => {
      this.webhookAttempts.inc({ webhook, outcome });
      this.webhookSeconds.observe({ webhook }, seconds);
    },
    onDisabled: (webhook) => this.webhooksDisabled.inc({ webhook }),
  };

  /** Fed by the notifier. */
  readonly notificationObserver: Pick<NotifierOptions, 'onOutcome'> = {
    onOutcome: (channel, kind, outcome) => this.notificationAttempts.inc({ channel, kind, outcome }),
  };

  /** Gauges read at each scrape; a source that fails leaves its gauges out of that scrape. */
  watch(sources: MetricSources): void {
    const now = () => (sources.clock ?? { now: () => new Date() }).now();
    // Three gauges read the backlog: one query per scrape.
    let backlogRead: { at: number; result: ReturnType<DeliveryQueue['backlog']> } | null = null;
    const backlog = () => {
      if (!backlogRead || Date.now() - backlogRead.at > 1_000) {
        backlogRead = { at: Date.now(), result: sources.deliveries.backlog(now()) };
        backlogRead.result.catch(() => (backlogRead = null));
      }
      return backlogRead.result;
    };
    const gauge = <L extends string>(
      name: string,
      help: string,
      labelNames: readonly L[],
      collect: (set: Gauge<L>) => Promise<void> | void,
    ) =>
      new Gauge<L>({
        name,
        help,
        labelNames,
        registers: [this.registry],
        async collect() {
          this.reset();
          try {
            await collect(this);
          } catch {
            // The database or Redis is away: this scrape says nothing rather than something stale.
          }
        },
      });

    gauge(
      'doanflow_webhook_backlog',
      'Messages waiting per webhook, retries included',
      ['webhook'],
      async (set) => {
        const { subscriptions } = await backlog();
        for (const item of subscriptions) set.set({ webhook: item.webhookId }, item.pending);
      },
    );
    gauge(
      'doanflow_webhook_oldest_pending_seconds',
      'Age of the oldest message waiting per webhook',
      ['webhook'],
      async (set) => {
        const { subscriptions } = await backlog();
        for (const item of subscriptions) set.set({ webhook: item.webhookId }, item.oldestSeconds);
      },
    );
    gauge(
      'doanflow_outbox_not_handed_over',
      'Outbox messages not yet handed to the webhooks',
      [],
      async (set) => {
        set.set((await backlog()).notHandedOver);
      },
    );
    gauge(
      'doanflow_timers_overdue',
      'Pending timers past their due time (not yet delivered)',
      [],
      async (set) => {
        const [row] = await sources.db.query<{ n: number }>(
          `select count(*)::int as n from timers where status = 'pending' and due <= $1`,
          [now().toISOString()],
        );
        set.set(row?.n ?? 0);
      },
    );
    gauge('doanflow_wakeup_jobs', 'BullMQ timer wake-ups by state', ['state'], async (set) => {
      if (!sources.wakeupJobs) return;
      for (const [state, n] of Object.entries(await sources.wakeupJobs())) set.set({ state }, n);
    });
    gauge(
      'doanflow_timer_worker_up',
      'Whether this process runs its timer worker (1) or it stopped (0)',
      [],
      (set) => {
        if (sources.timerWorkerRunning) set.set(sources.timerWorkerRunning() ? 1 : 0);
      },
    );
    gauge('doanflow_db_pool_connections', 'PostgreSQL pool connections by state', ['state'], (set) => {
      const stats = sources.db.poolStats?.();
      if (!stats) return;
      set.set({ state: 'open' }, stats.total);
      set.set({ state: 'idle' }, stats.idle);
      set.set({ state: 'waiting_clients' }, stats.waiting);
      set.set({ state: 'max' }, stats.max);
    });
    gauge(
      'doanflow_notifications',
      'Notification rows by state (pending, digest, sending, sent, failed, …)',
      ['state'],
      async (set) => {
        if (!sources.notifications) return;
        for (const [state, n] of Object.entries(await sources.notifications.countByState()))
          set.set({ state }, n);
      },
    );
    gauge(
      'doanflow_change_listeners',
      'Listeners of committed changes (event streams and the dispatcher)',
      [],
      (set) => {
        set.set(sources.changeListeners());
      },
    );
    const link = sources.changeLink;
    if (!link) return;
    gauge(
      'doanflow_change_link_up',
      '1 while other server processes’ changes reach this one (its LISTEN connection is open), 0 while it is lost',
      [],
      (set) => {
        const { connected } = link();
        if (connected !== null) set.set(connected ? 1 : 0);
      },
    );
    this.changeLink = link;
  }
}

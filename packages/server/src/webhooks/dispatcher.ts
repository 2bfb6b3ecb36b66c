import type { Database } from '../db/database.ts';
import { afterPassGap } from '../db/outbox-pass.ts';
import { DeliveryQueue } from './delivery-queue.ts';
import { defaultRetryPolicy, type RetryPolicy } from './retry-policy.ts';
import type { WebhookStore } from './store.ts';
import { SubscriptionLane, type LaneSettings } from './subscription-lane.ts';
import { WebhookTargetGuard, type WebhookTargetPolicy } from './target-guard.ts';

export interface WebhookDispatcherOptions {
  db: Database;
  store: Pick<WebhookStore, 'list'>;
  /** Wakes the dispatcher after each committed change (the runtime's `subscribe`). */
  subscribe?: (listener: () => void) => () => void;
  clock?: { now(): Date };
  /** Also look this often: retries falling due, other processes' messages, new subscriptions (default 1 s). */
  pollMs?: number;
  /**
   * Under a stream of changes, passes come at most this often (default 100 ms): each pass is a
   * transaction with a disk flush, and one per decision took a fifth of PostgreSQL's time (issue 15).
   */
  minPassGapMs?: number;
  /** Outbox messages handed over per statement (default 500). */
  batchSize?: number;
  /** Attempts in flight per subscription in this process (default 4). */
  concurrency?: number;
  /** Per-attempt timeout (default 10 s). */
  timeoutMs?: number;
  policy?: Partial<RetryPolicy>;
  fetch?: typeof fetch;
  /**
   * Where deliveries may go: internal addresses are refused before each attempt unless allowed here
   * (WEBHOOK_ALLOWED_HOSTS). A refused delivery fails for good and is recorded.
   */
  targets?: WebhookTargetPolicy;
  onAttempt?: LaneSettings['onAttempt'];
  onDisabled?: LaneSettings['onDisabled'];
  log?: (message: string, error?: unknown) => void;
}

/**
 * Delivers outbox messages to webhooks, after commit, one queue per subscription. The outbox row is
 * handed over once to every subscribed webhook (a row each, in one statement), and each
 * subscription's lane works through its own rows with its own concurrency and retry schedule
 * (exponential backoff with jitter): a receiver that hangs or fails holds up nobody else. Rows are
 * claimed with a lease (FOR UPDATE SKIP LOCKED), so several server processes share the work, and no
 * transaction stays open during HTTP calls. At least once: a receiver dedupes by the message id.
 * Everything lives in PostgreSQL, so it runs the same whether timers use Redis, BullMQ's
 * PostgreSQL backend or polling.
 */
export class WebhookDispatcher {
  readonly queue: DeliveryQueue;
  private readonly options: WebhookDispatcherOptions;
  private readonly clock: { now(): Date };
  private readonly settings: LaneSettings;
  private readonly lanes = new Map<string, SubscriptionLane>();
  private interval: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private lastPassAt = 0;
  private stopped = false;
  /** When the subscriptions were last read: at most once a poll interval under a stream of changes. */
  private listedAt = 0;

  constructor(options: WebhookDispatcherOptions) {
    this.options = options;
    this.clock = options.clock ?? { now: () => new Date() };
    this.queue = new DeliveryQueue(options.db);
    const log = options.log ?? ((message, error) => console.warn(`[doanflow] ${message}`, error ?? ''));
    this.settings = {
      queue: this.queue,
      policy: { ...defaultRetryPolicy, ...options.policy },
      concurrency: options.concurrency ?? 4,
      timeoutMs: options.timeoutMs ?? 10_000,
      clock: this.clock,
      fetch: options.fetch,
      guard: new WebhookTargetGuard(options.targets),
      onAttempt: options.onAttempt,
      onDisabled: (webhookId, reason) => {
        log(`webhook ${webhookId} disabled: ${reason}`);
        options.onDisabled?.(webhookId, reason);
      },
      log,
    };
  }

  /** Attempts in flight, per subscription (tests, metrics). */
  inFlight(): Map<string, number> {
    return new Map([...this.lanes].map(([id, lane]) => [id, lane.busy]));
  }

  start(): void {
    this.stopped = false;
    this.unsubscribe = this.options.subscribe?.(() => this.wake()) ?? null;
    this.interval = setInterval(() => this.wake(), this.options.pollMs ?? 1_000);
    this.interval.unref();
    this.wake();
  }

  /** Stops at once: attempts in flight are aborted and their messages left for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.interval) clearInterval(this.interval);
    this.interval = null;
    await Promise.all([...this.lanes.values()].map((lane) => lane.stop()));
    this.lanes.clear();
    await this.running;
  }

  /**
   * One pass: subscriptions refreshed, outbox handed over, due lanes woken. Tests call it directly;
   * deliveries then run in the background (`settled` waits for them).
   */
  async pass(): Promise<void> {
    if (Date.now() - this.listedAt >= (this.options.pollMs ?? 1_000)) await this.refreshLanes();
    const now = this.clock.now();
    const batch = this.options.batchSize ?? 500;
    for (;;) {
      const { messages, added } = await this.queue.fanOut(now, batch);
      // A subscription added since the last read: read them again at once.
      if ([...added.keys()].some((webhookId) => !this.lanes.has(webhookId))) await this.refreshLanes();
      for (const webhookId of added.keys()) this.lanes.get(webhookId)?.wake();
      if (messages < batch || this.stopped) break;
    }
    for (const webhookId of await this.queue.dueSubscriptions(this.clock.now())) {
      this.lanes.get(webhookId)?.wake();
    }
  }

  /** Resolves once no attempt is in flight and nothing is due (tests). */
  async settled(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.pass();
      await new Promise((resolve) => setTimeout(resolve, 20));
      const busy = [...this.lanes.values()].some((lane) => lane.busy > 0);
      if (!busy && (await this.queue.dueSubscriptions(this.clock.now())).length === 0) return;
      if (Date.now() > deadline) throw new Error('webhook deliveries did not settle in time');
    }
  }

  private wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        await afterPassGap(this.lastPassAt, this.options.minPassGapMs);
        if (this.stopped) break;
        this.again = false;
        this.lastPassAt = Date.now();
        try {
          await this.pass();
        } catch (error) {
          this.settings.log('webhook dispatch failed (the next pass retries)', error);
        }
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.running = null;
    });
  }

  /** A lane per active subscription; removed and disabled ones stop. */
  private async refreshLanes(): Promise<void> {
    this.listedAt = Date.now();
    const active = (await this.options.store.list()).filter((webhook) => webhook.status === 'active');
    if (this.stopped) return;
    const ids = new Set(active.map((webhook) => webhook.id));
    for (const [id, lane] of this.lanes) {
      if (ids.has(id)) continue;
      this.lanes.delete(id);
      void lane.stop();
    }
    for (const webhook of active) {
      const lane = this.lanes.get(webhook.id);
      if (lane) lane.subscription = webhook;
      else this.lanes.set(webhook.id, new SubscriptionLane(webhook, this.settings));
    }
  }
}

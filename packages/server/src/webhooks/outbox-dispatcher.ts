import type { Database } from '../db/database.ts';
import { createWebhookDeliverer, settled, type DelivererOptions, type OutboxMessage } from './delivery.ts';
import type { WebhookStore } from './store.ts';

export interface OutboxDispatcherOptions {
  db: Database;
  store: Pick<WebhookStore, 'list'>;
  /** Wakes the dispatcher after each committed change (the runtime's `subscribe`). */
  subscribe?: (listener: () => void) => () => void;
  clock?: { now(): Date };
  /** Also look every this many ms, for retries and missed wake-ups (default 5 s). */
  intervalMs?: number;
  batchSize?: number;
  /** How long a claim lasts: longer than one delivery pass with its retries (default 2 min). */
  leaseMs?: number;
  /** Passes per message before it is left undelivered for an operator (default 10). */
  maxAttempts?: number;
  /** Wait before the next pass after a failed one (default 30 s doubling, at most 1 h). */
  retryDelayMs?: (attempts: number) => number;
  /** Passed to the deliverer: per-pass HTTP attempts (default 3), timeout, fetch, sleep. */
  delivery?: Omit<DelivererOptions, 'store'>;
  log?: (message: string, error?: unknown) => void;
}

export interface DispatchReport {
  claimed: number;
  delivered: number;
  retrying: number;
  abandoned: number;
}

interface ClaimedRow {
  id: string | number;
  topic: string;
  payload: unknown;
  attempts: number;
}

const defaultRetryDelay = (attempts: number) => Math.min(30_000 * 2 ** (attempts - 1), 3_600_000);

/**
 * Delivers outbox rows to the subscribed webhooks, after commit. A claim is a lease taken in one
 * statement (FOR UPDATE SKIP LOCKED), so several server processes share the rows and none holds a
 * transaction open during HTTP calls. A message is marked delivered once, when every receiver has
 * taken it or refused it for good; otherwise it is retried later, to all receivers (they dedupe by
 * the X-Doanflow-Delivery id).
 */
export class OutboxDispatcher {
  private readonly options: OutboxDispatcherOptions;
  private readonly clock: { now(): Date };
  private readonly batchSize: number;
  private interval: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(options: OutboxDispatcherOptions) {
    this.options = options;
    this.clock = options.clock ?? { now: () => new Date() };
    this.batchSize = options.batchSize ?? 50;
  }

  /** Claims one batch and delivers it. */
  async dispatchOnce(): Promise<DispatchReport> {
    const { db } = this.options;
    const now = this.clock.now();
    const maxAttempts = this.options.maxAttempts ?? 10;
    const rows = await db.query<ClaimedRow>(
      `update outbox o set attempts = o.attempts + 1, locked_until = $2
       from (select id from outbox
             where delivered_at is null and attempts < $3 and (locked_until is null or locked_until <= $1)
             order by id limit $4 for update skip locked) c
       where o.id = c.id
       returning o.id, o.topic, o.payload, o.attempts`,
      [
        now.toISOString(),
        new Date(now.getTime() + (this.options.leaseMs ?? 120_000)).toISOString(),
        maxAttempts,
        this.batchSize,
      ],
    );
    const report: DispatchReport = { claimed: rows.length, delivered: 0, retrying: 0, abandoned: 0 };
    if (rows.length === 0) return report;
    rows.sort((a, b) => Number(a.id) - Number(b.id));

    const webhooks = await this.options.store.list();
    if (webhooks.length === 0) {
      // Nobody subscribed: registrations receive messages written after they exist.
      await db.query(
        `update outbox set delivered_at = $1, locked_until = null where id = any($2::bigint[])`,
        [now.toISOString(), rows.map((row) => String(row.id))],
      );
      report.delivered = rows.length;
      return report;
    }
    const deliverer = createWebhookDeliverer({
      maxAttempts: 3,
      ...this.options.delivery,
      store: { list: async () => webhooks },
    });
    for (const row of rows) {
      const message: OutboxMessage = { id: String(row.id), topic: row.topic, payload: row.payload };
      const results = await deliverer.deliver(message);
      const failures = results.filter((result) => !result.ok);
      const lastError = failures.length
        ? failures
            .map((result) => `${result.webhookId}: ${result.error}`)
            .join('; ')
            .slice(0, 2000)
        : null;
      const at = this.clock.now();
      if (results.every(settled)) {
        await db.query(
          `update outbox set delivered_at = $2, locked_until = null, last_error = $3
           where id = $1 and delivered_at is null`,
          [message.id, at.toISOString(), lastError],
        );
        report.delivered += 1;
      } else if (row.attempts >= maxAttempts) {
        await db.query(`update outbox set locked_until = null, last_error = $2 where id = $1`, [
          message.id,
          lastError,
        ]);
        report.abandoned += 1;
        this.options.log?.(`outbox message ${message.id} left undelivered after ${row.attempts} passes`);
      } else {
        const retryAt = at.getTime() + (this.options.retryDelayMs ?? defaultRetryDelay)(row.attempts);
        await db.query(`update outbox set locked_until = $2, last_error = $3 where id = $1`, [
          message.id,
          new Date(retryAt).toISOString(),
          lastError,
        ]);
        report.retrying += 1;
      }
    }
    return report;
  }

  /** Dispatches batches until one comes back short. */
  async drain(): Promise<DispatchReport> {
    const total: DispatchReport = { claimed: 0, delivered: 0, retrying: 0, abandoned: 0 };
    for (;;) {
      const report = await this.dispatchOnce();
      for (const key of Object.keys(total) as (keyof DispatchReport)[]) total[key] += report[key];
      if (report.claimed < this.batchSize) return total;
    }
  }

  /** Runs on every change notification and every `intervalMs`; overlapping wake-ups coalesce. */
  start(): void {
    this.unsubscribe = this.options.subscribe?.(() => this.wake()) ?? null;
    this.interval = setInterval(() => this.wake(), this.options.intervalMs ?? 5_000);
    this.interval.unref();
    this.wake();
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.interval) clearInterval(this.interval);
    this.interval = null;
    this.again = false;
    await this.running;
  }

  private wake(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.drain();
        } catch (error) {
          this.options.log?.('outbox dispatch failed (the next wake-up retries)', error);
        }
      } while (this.again);
    })().finally(() => {
      this.running = null;
    });
  }
}

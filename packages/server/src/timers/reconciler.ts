import type { DurableRuntime } from '../runner/durable-runtime.ts';
import type { TimerQueue } from './queue.ts';

export interface ReconcileReport {
  /** Overdue timers delivered directly. */
  fired: number;
  /** Pending timers whose wake-up was missing from Redis and was added again. */
  enqueued: number;
}

/**
 * PostgreSQL holds every timer; Redis only the wake-ups. At start and periodically: deliver what is
 * overdue, re-add wake-ups that Redis lost. Delivery is idempotent, so overlapping runs are harmless.
 */
export class TimerReconciler {
  private interval: NodeJS.Timeout | null = null;
  private running: Promise<ReconcileReport> | null = null;

  private readonly runtime: DurableRuntime;
  private readonly queue: TimerQueue | null;

  constructor(runtime: DurableRuntime, queue: TimerQueue | null) {
    this.runtime = runtime;
    this.queue = queue;
  }

  reconcile(): Promise<ReconcileReport> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  start(intervalMs: number): void {
    this.interval = setInterval(() => {
      this.reconcile().catch((error) => console.error('[doanflow] timer reconciliation failed', error));
    }, intervalMs);
    this.interval.unref();
  }

  async stop(): Promise<void> {
    if (this.interval) clearInterval(this.interval);
    this.interval = null;
    await this.running?.catch(() => {});
  }

  private async run(): Promise<ReconcileReport> {
    const { runtime, queue } = this;
    await runtime.cache.load(runtime.db);
    const now = runtime.clock.now();
    const fired = await runtime.runDueTimers(now);
    let enqueued = 0;
    if (queue) {
      const pending = await runtime.db.query<{ id: string; due: string }>(
        `select id, to_char(due at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as due
         from timers where status = 'pending' and due > $1 order by due`,
        [now.toISOString()],
      );
      const missing = new Set(await queue.missing(pending.map((timer) => timer.id)));
      const lost = pending.filter((timer) => missing.has(timer.id));
      await queue.schedule(lost, now);
      enqueued = lost.length;
    }
    return { fired, enqueued };
  }
}

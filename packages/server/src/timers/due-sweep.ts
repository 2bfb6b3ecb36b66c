import type { DeliveryBatcher } from './delivery-batcher.ts';

export interface DueSweepSettings {
  /** The soonest pending timer's due time (epoch ms) not older than `now - recentMs`, or null. */
  nextDue: (recentMs: number) => Promise<number | null>;
  /** The runtime's clock (epoch ms). */
  now: () => number;
  /** Asks PostgreSQL again at least this often while nothing is due (timers added by other processes). */
  idleMs: number;
  /** Least time between two of its batches while timers keep falling due, for them to share one. */
  gapMs: number;
  /**
   * Only timers due this recently set its pace: one older than this that is still pending keeps
   * failing (or lost its instance) and is the overdue sweep's, not a reason to wake every `gapMs`.
   */
  recentMs: number;
}

export const defaultDueSweepSettings = { idleMs: 1_000, gapMs: 20, recentMs: 5_000 };

/**
 * Fires timers when PostgreSQL says they are due, without waiting for their BullMQ wake-ups: it
 * sleeps until the soonest pending timer's due time, then asks the batcher for a batch topped up
 * with every due timer (the wake-ups of those it fires are removed, or find them fired). While
 * batches come back full it goes straight on, several at once, so a burst is delivered at the
 * database's pace.
 *
 * BullMQ's worker fetches its jobs one at a time and holds at most its concurrency of them, each
 * until its batch commits: at 1,000 timers due a second the wake-ups fell seconds behind (issue 15). The wake-ups stay: they wake this process for timers another process
 * added, and fire what this sweep missed (a failure, a clock step).
 */
export class DueSweep {
  private readonly batcher: DeliveryBatcher;
  private readonly settings: DueSweepSettings;
  private stopped = false;
  private sleeping: { wake: () => void } | null = null;
  private running: Promise<void> | null = null;

  constructor(batcher: DeliveryBatcher, settings: DueSweepSettings) {
    this.batcher = batcher;
    this.settings = settings;
  }

  start(): void {
    this.running ??= this.loop().catch((error) =>
      console.error('[doanflow] the due-timer sweep stopped', error),
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.sleeping?.wake();
    await this.running;
  }

  private async loop(): Promise<void> {
    const { idleMs, gapMs, recentMs } = this.settings;
    let backoffMs = gapMs;
    let lastBatch = 0;
    /** The runtime's clock when the last batch began: a timer due after it is new, not stuck. */
    let lastBatchAt = -Infinity;
    while (!this.stopped) {
      // Nothing due yet: sleep until the soonest timer is, asking again at least every idleMs.
      const next = await this.settings.nextDue(recentMs).catch(() => null);
      const untilDue = next === null ? Infinity : next - this.settings.now();
      if (untilDue > 0) {
        await this.sleep(Math.min(idleMs, untilDue));
        if (untilDue > idleMs) continue;
      }
      // Timers that stay pending however often they are tried must not make the sweep spin. A timer
      // that fell due since the last batch is not one of them: batches that found nothing because the
      // wake-ups fired first must not make the sweep late for it when the wake-ups fall behind.
      const stuck = next !== null && next <= lastBatchAt;
      await this.sleep((stuck ? backoffMs : gapMs) - (Date.now() - lastBatch));
      if (this.stopped) break;
      lastBatch = Date.now();
      lastBatchAt = this.settings.now();
      // One batch; while batches come back full (a backlog), as many at once as the batcher runs.
      let fired = 0;
      for (let width = 1; width > 0 && !this.stopped;) {
        const results = await Promise.all(Array.from({ length: width }, () => this.batcher.sweep()));
        fired += results.reduce((sum, result) => sum + result.fired, 0);
        width = results.some((result) => result.more) ? this.batcher.slots : 0;
      }
      backoffMs = fired > 0 ? gapMs : Math.min(backoffMs * 2, idleMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleeping = null;
        resolve();
      };
      const timer = setTimeout(wake, ms);
      timer.unref();
      this.sleeping = { wake };
    });
  }
}

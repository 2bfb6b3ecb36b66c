import type { DurableRuntime } from '../runner/durable-runtime.ts';
import type { CompletenessMarker } from './local-wakeup-marker.ts';
import type { TimerQueue } from './queue.ts';
import { rebuildWakeups, type RebuildResult } from './wakeup-rebuild.ts';

export interface ReconcileReport {
  /** Overdue timers delivered directly. */
  fired: number;
  /** Pending timers whose wake-up was missing from Redis and was added again. */
  enqueued: number;
}

export interface ReconcilerSettings {
  /** The overdue sweep: every this many ms (0: never). */
  sweepIntervalMs: number;
  /** The sweep fires timers overdue by more than this (the wake-ups handle the rest). */
  overdueGraceMs: number;
  /** Checks that Redis still holds every wake-up (one EXISTS) every this many ms (0: never). */
  checkIntervalMs: number;
  /** Pending timer rows per rebuild page. */
  pageSize: number;
}

export const defaultReconcilerSettings: ReconcilerSettings = {
  sweepIntervalMs: 30_000,
  overdueGraceMs: 5_000,
  checkIntervalMs: 1_000,
  pageSize: 5_000,
};

/**
 * PostgreSQL holds every timer; Redis only the wake-ups. Three loops keep them together:
 * - a frequent check: when Redis lost its "complete" marker (flushed, restarted, a wake-up failed
 *   to be added), rebuild the wake-ups page by page;
 * - the start: always a rebuild (Redis may be older or newer than the rows);
 * - the overdue sweep, the last safety net: delivers timers long overdue, whatever Redis says.
 * Delivery is idempotent (the timer row and the instance lock decide), so overlaps are harmless.
 */
export class TimerReconciler {
  private readonly runtime: DurableRuntime;
  private readonly queue: TimerQueue | null;
  private readonly marker: CompletenessMarker | null;
  private readonly settings: ReconcilerSettings;
  private readonly intervals: NodeJS.Timeout[] = [];
  private sweeping: Promise<number> | null = null;
  private rebuilding: Promise<RebuildResult> | null = null;
  /** A loss noticed here that could not yet be written to Redis (it was away). */
  private lost = false;
  private stopped = false;

  constructor(runtime: DurableRuntime, queue: TimerQueue | null, settings: Partial<ReconcilerSettings> = {}) {
    this.runtime = runtime;
    this.queue = queue;
    this.settings = { ...defaultReconcilerSettings, ...settings };
    this.marker = queue ? queue.completenessMarker() : null;
    if (queue) queue.onLost = () => this.noticeLoss();
  }

  /** A full pass now (start, tests, operators): every overdue timer, then every missing wake-up. */
  async reconcile(): Promise<ReconcileReport> {
    await this.rebuilding?.catch(() => {});
    const fired = await this.sweep(0);
    if (!this.queue) return { fired, enqueued: 0 };
    const { enqueued } = await this.rebuild(true);
    return { fired, enqueued };
  }

  start(): void {
    const { sweepIntervalMs, overdueGraceMs, checkIntervalMs } = this.settings;
    const every = (ms: number, work: () => Promise<unknown>) => {
      if (ms <= 0) return;
      const interval = setInterval(() => {
        work().catch((error) => console.error('[doanflow] timer reconciliation failed', error));
      }, ms);
      interval.unref();
      this.intervals.push(interval);
    };
    every(sweepIntervalMs, () => this.sweep(overdueGraceMs));
    if (this.queue) every(checkIntervalMs, () => this.check());
  }

  /** Starts the start-up rebuild without waiting for it (a million rows take a while). */
  rebuildInBackground(): void {
    if (!this.queue) return;
    this.rebuild(false).catch((error) =>
      console.error('[doanflow] rebuilding timer wake-ups failed (the next check retries)', error),
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const interval of this.intervals) clearInterval(interval);
    this.intervals.length = 0;
    await Promise.all([this.sweeping?.catch(() => {}), this.rebuilding?.catch(() => {})]);
  }

  /** Fires the pending timers due more than `graceMs` ago. */
  sweep(graceMs: number): Promise<number> {
    this.sweeping ??= (async () => {
      await this.runtime.cache.load(this.runtime.db);
      // The net under a missed notification: a notice loaded by another process.
      await this.runtime.refreshCalendar();
      // The net under a link whose delivery was cut short (a crash between commit and delivery).
      await this.runtime.links.deliver();
      return this.runtime.runDueTimers(new Date(this.runtime.clock.now().getTime() - graceMs));
    })().finally(() => {
      this.sweeping = null;
    });
    return this.sweeping;
  }

  private noticeLoss(): void {
    this.lost = true;
    // Written to Redis at once if it answers, so a rebuild running anywhere will not end as complete.
    this.marker
      ?.markLost()
      .then(() => (this.lost = false))
      .catch(() => {});
  }

  /** One EXISTS: a rebuild when Redis no longer holds every wake-up. */
  private async check(): Promise<void> {
    if (this.rebuilding || this.stopped) return;
    if (this.lost) {
      await this.marker!.markLost();
      this.lost = false;
    }
    if (await this.marker!.isComplete()) return;
    const result = await this.rebuild(false);
    if (result.enqueued > 0) {
      console.warn(`[doanflow] timer wake-ups rebuilt: ${result.enqueued} were missing from Redis`);
    }
  }

  private rebuild(steal: boolean): Promise<RebuildResult> {
    this.rebuilding ??= rebuildWakeups(this.runtime.db, this.queue!, this.marker!, {
      pageSize: this.settings.pageSize,
      now: () => this.runtime.clock.now(),
      steal,
      stopped: () => this.stopped,
    }).finally(() => {
      this.rebuilding = null;
    });
    return this.rebuilding;
  }
}

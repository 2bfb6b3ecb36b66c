import type { PendingTimer } from '@doanflow/engine';
import type { DurableRuntime } from './durable-runtime.ts';
import { deliverTimerBatch, type TimerOutcome } from './timer-batch.ts';

export type { TimerOutcome } from './timer-batch.ts';

/** Where fired-later work goes after commit (BullMQ); absent, timers wait for the reconciler. */
export interface TimerWakeups {
  schedule(timers: readonly PendingTimer[], now: Date): Promise<void>;
  cancel(timerIds: readonly string[]): Promise<void>;
}

/**
 * Delivers a durable timer's event if the timer is still pending and due. The instance lock and
 * the engine's own check (TIMER_NOT_PENDING) make a second delivery a no-op.
 */
export async function deliverTimer(
  runtime: DurableRuntime,
  timerId: string,
  at: Date,
): Promise<TimerOutcome> {
  const outcome = (await deliverTimerBatch(runtime, [timerId], at)).get(timerId) ?? { status: 'skipped' };
  if (outcome.status === 'failed') throw outcome.error;
  return outcome;
}

const PAGE = 200;
const BATCH = 50;

/**
 * Fires every pending timer due by `dueBy` (default: `now`) directly, in batches: the reconciler's
 * overdue sweep, and tests'. A timer that fails is left pending for the next sweep.
 */
export async function deliverDueTimers(
  runtime: DurableRuntime,
  now: Date,
  dueBy: Date = now,
): Promise<number> {
  let fired = 0;
  // Keyset: a timer that stays pending (its instance is gone) is not read again.
  let after: [string, string] = ['-infinity', ''];
  for (let round = 0; round < 100; round += 1) {
    const due = await runtime.db.query<{ id: string; cursor: string }>(
      `select id, due::text as cursor from timers
       where status = 'pending' and due <= $1 and (due, id) > ($2::timestamptz, $3)
       order by due, id limit ${PAGE}`,
      [dueBy.toISOString(), ...after],
    );
    for (let i = 0; i < due.length; i += BATCH) {
      const ids = due.slice(i, i + BATCH).map((row) => row.id);
      for (const outcome of (await deliverTimerBatch(runtime, ids, now)).values()) {
        if (outcome.status === 'fired') fired += 1;
      }
    }
    if (due.length < PAGE) break;
    after = [due.at(-1)!.cursor, due.at(-1)!.id];
  }
  return fired;
}

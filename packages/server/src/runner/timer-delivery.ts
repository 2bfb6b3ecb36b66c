import {
  applyEvent,
  isWorkflowError,
  systemPrincipal,
  type PendingTimer,
  type StepResult,
} from '@doanflow/engine';
import type { DurableRuntime } from './durable-runtime.ts';
import { lockInstance } from './instance-lock.ts';
import { isoOf } from './rows.ts';
import type { BuiltStep } from './step-builder.ts';

/** Where fired-later work goes after commit (BullMQ); absent, timers wait for the reconciler. */
export interface TimerWakeups {
  schedule(timers: readonly PendingTimer[], now: Date): Promise<void>;
  cancel(timerIds: readonly string[]): Promise<void>;
}

export type TimerOutcome = { status: 'fired' | 'skipped' } | { status: 'not-due'; due: string };

/**
 * Delivers a durable timer's event if the timer is still pending and due. The instance lock and
 * the engine's own check (TIMER_NOT_PENDING) make a second delivery a no-op.
 */
export async function deliverTimer(
  runtime: DurableRuntime,
  timerId: string,
  at: Date,
): Promise<TimerOutcome> {
  const outcome = await runtime.db.transaction(async (query): Promise<TimerOutcome | BuiltStep> => {
    const [timer] = await query<{
      instance_id: string;
      due: string | Date;
      status: string;
      event: PendingTimer['event'];
    }>('select instance_id, due, status, event from timers where id = $1', [timerId]);
    if (!timer || timer.status !== 'pending') return { status: 'skipped' };
    const due = new Date(isoOf(timer.due)!);
    if (due > at) return { status: 'not-due', due: due.toISOString() };
    const row = await lockInstance(query, timer.instance_id);
    let result: StepResult;
    try {
      result = applyEvent(
        runtime.registry.get(row.workflow_id, row.version),
        row.snapshot,
        { type: timer.event.type, payload: timer.event.payload, timerId },
        { principal: systemPrincipal, directory: runtime.cache.directory, clock: { now: () => at } },
      );
    } catch (error) {
      if (!isWorkflowError(error)) throw error;
      // The instance no longer expects it (finished, or already delivered): settle the row.
      await query(
        `update timers set status = 'cancelled', settled_at = $2 where id = $1 and status = 'pending'`,
        [timerId, at.toISOString()],
      );
      return { status: 'skipped' };
    }
    const built = runtime.build(row, result);
    await runtime.write(query, built);
    return built;
  });
  if ('status' in outcome) return outcome;
  await runtime.afterCommit(outcome.after, at);
  return { status: 'fired' };
}

const BATCH = 200;

/** Fires every pending timer due at `now` directly (the reconciler's path, and tests'). */
export async function deliverDueTimers(runtime: DurableRuntime, now: Date): Promise<number> {
  let fired = 0;
  for (let round = 0; round < 100; round += 1) {
    const due = await runtime.db.query<{ id: string }>(
      `select id from timers where status = 'pending' and due <= $1 order by due, id limit ${BATCH}`,
      [now.toISOString()],
    );
    let progressed = 0;
    for (const { id } of due) {
      const outcome = await deliverTimer(runtime, id, now);
      if (outcome.status === 'fired') fired += 1;
      if (outcome.status !== 'not-due') progressed += 1;
    }
    if (due.length < BATCH || progressed === 0) break;
  }
  return fired;
}

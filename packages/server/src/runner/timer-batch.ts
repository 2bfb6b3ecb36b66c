import {
  applyEvent,
  isWorkflowError,
  systemPrincipal,
  type PendingTimer,
  type WorkingCalendar,
} from '@doanflow/engine';
import type { Query } from '../db/database.ts';
import type { DurableRuntime } from './durable-runtime.ts';
import { isoOf, type InstanceRow } from './rows.ts';
import type { BuiltStep } from './step-builder.ts';
import { writeLockedSteps } from './step-writer.ts';

export type TimerOutcome = { status: 'fired' | 'skipped' } | { status: 'not-due'; due: string };
/** In a batch, a timer that failed alone (after the batch was rolled back) carries its error. */
export type BatchOutcome = TimerOutcome | { status: 'failed'; error: unknown };

type DueRow = InstanceRow & {
  due_timer_id: string;
  due_timer_event: PendingTimer['event'];
  due_timer_due: string | Date;
};

// The due, pending timers with their instances, locked in instance id order (two batches never
// wait on each other in a cycle), in one round trip. The instance rows are read after their locks
// are granted; the timer rows are not locked, but the locked snapshot decides whether a timer is
// still pending (the engine's TIMER_NOT_PENDING), and the write settles a row only if pending.
const lockDue = `
  select i.*, t.id as due_timer_id, t.event as due_timer_event, t.due as due_timer_due
  from timers t join instances i on i.id = t.instance_id
  where t.id = any($1::text[]) and t.status = 'pending' and t.due <= $2::timestamptz
  order by i.id, t.due, t.id
  for update of i`;

/**
 * Delivers several timers in one transaction (group commit): one statement locks them all, then
 * the engine runs and one write statement carries every step. A timer the instance no longer
 * expects is settled, not fired, and does not hold up the others; any other error rolls the batch
 * back and each timer is tried again alone, so one bad timer never blocks the rest.
 */
export async function deliverTimerBatch(
  runtime: DurableRuntime,
  timerIds: readonly string[],
  at: Date,
): Promise<Map<string, BatchOutcome>> {
  const ids = [...new Set(timerIds)];
  try {
    return await runtime.calendars.use((calendar) => deliverTogether(runtime, ids, at, calendar));
  } catch (error) {
    if (ids.length === 1) return new Map([[ids[0]!, { status: 'failed', error }]]);
    const outcomes = new Map<string, BatchOutcome>();
    for (const id of ids) {
      for (const [timerId, outcome] of await deliverTimerBatch(runtime, [id], at)) {
        outcomes.set(timerId, outcome);
      }
    }
    return outcomes;
  }
}

async function deliverTogether(runtime: DurableRuntime, ids: string[], at: Date, calendar: WorkingCalendar) {
  const outcomes = new Map<string, BatchOutcome>();
  const later: string[] = [];
  const fired: DueRow[] = [];
  const steps = await runtime.db.transaction(async (query) => {
    const rows = await query<DueRow>(lockDue, [ids, at.toISOString()]);
    const built: BuiltStep[] = [];
    const refused: string[] = [];
    const seen = new Set<string>();
    for (const row of rows) {
      // A second timer of the same instance (later due) must see the first one's step: next round.
      if (seen.has(row.id)) {
        later.push(row.due_timer_id);
        continue;
      }
      seen.add(row.id);
      const step = applyTimer(runtime, row, at, calendar);
      if (step) {
        built.push(step);
        fired.push(row);
        outcomes.set(row.due_timer_id, { status: 'fired' });
      } else {
        refused.push(row.due_timer_id);
        outcomes.set(row.due_timer_id, { status: 'skipped' });
      }
    }
    await writeLockedSteps(
      query,
      built.map((step) => step.write),
    );
    if (refused.length) await settleRefused(query, refused, at);
    const unanswered = ids.filter((id) => !outcomes.has(id) && !later.includes(id));
    for (const [id, outcome] of await notDelivered(query, unanswered, at)) outcomes.set(id, outcome);
    return built;
  });
  await runtime.afterCommit(
    steps.map((step) => step.after),
    at,
  );
  for (const row of fired) {
    runtime.observer?.timerFired?.(
      row.workflow_id,
      (at.getTime() - Date.parse(isoOf(row.due_timer_due)!)) / 1000,
    );
  }
  if (later.length) {
    for (const [id, outcome] of await deliverTimerBatch(runtime, later, at)) outcomes.set(id, outcome);
  }
  return outcomes;
}

/** The engine step of a timer event, or null when the instance no longer expects it. */
function applyTimer(
  runtime: DurableRuntime,
  row: DueRow,
  at: Date,
  calendar: WorkingCalendar,
): BuiltStep | null {
  try {
    const result = applyEvent(
      runtime.registry.get(row.workflow_id, row.version),
      row.snapshot,
      { type: row.due_timer_event.type, payload: row.due_timer_event.payload, timerId: row.due_timer_id },
      { principal: systemPrincipal, directory: runtime.cache.directory, clock: { now: () => at }, calendar },
    );
    return runtime.build(row, result);
  } catch (error) {
    if (!isWorkflowError(error)) throw error;
    return null;
  }
}

/** Finished instances or timers already delivered: the rows are settled so nothing wakes them again. */
async function settleRefused(query: Query, timerIds: string[], at: Date): Promise<void> {
  await query(
    `update timers set status = 'cancelled', settled_at = $2 where id = any($1::text[]) and status = 'pending'`,
    [timerIds, at.toISOString()],
  );
}

/** Why the lock statement left these timers out: not pending (or gone), not yet due, or no instance. */
async function notDelivered(query: Query, ids: string[], at: Date): Promise<Map<string, TimerOutcome>> {
  const outcomes = new Map<string, TimerOutcome>(ids.map((id) => [id, { status: 'skipped' }]));
  if (ids.length === 0) return outcomes;
  const rows = await query<{ id: string; due: string | Date }>(
    `select id, due from timers where id = any($1::text[]) and status = 'pending'`,
    [ids],
  );
  for (const row of rows) {
    const due = isoOf(row.due)!;
    if (Date.parse(due) > at.getTime()) outcomes.set(row.id, { status: 'not-due', due });
  }
  return outcomes;
}

/** Pending timers already due at `at`, soonest first, leaving out `except` (for topping up a batch). */
export async function dueTimerIds(
  runtime: DurableRuntime,
  at: Date,
  limit: number,
  except: readonly string[],
): Promise<string[]> {
  const rows = await runtime.db.query<{ id: string }>(
    `select id from timers where status = 'pending' and due <= $1::timestamptz and id <> all($2::text[])
     order by due limit $3`,
    [at.toISOString(), except, limit],
    'doanflow_due_timers',
  );
  return rows.map((row) => row.id);
}

/** The soonest pending timer's due time (epoch ms) after `after`, or null: when a sweep should look again. */
export async function nextDueAfter(runtime: DurableRuntime, after: Date): Promise<number | null> {
  const rows = await runtime.db.query<{ due: string | Date }>(
    `select due from timers where status = 'pending' and due > $1::timestamptz order by due limit 1`,
    [after.toISOString()],
    'doanflow_next_due_timer',
  );
  return rows[0] ? Date.parse(isoOf(rows[0].due)!) : null;
}

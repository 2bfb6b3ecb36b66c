import { recountTimers, type WorkingCalendar } from '@doanflow/engine';
import type { Query } from '../db/database.ts';
import type { ChangeEvent } from './contract.ts';
import type { DurableRuntime } from './durable-runtime.ts';
import type { InstanceRow } from './rows.ts';
import type { AfterCommit } from './step-builder.ts';

const BATCH = 100;
/** The `event` of the instance.changed webhook message a recount sends (no history entry has it). */
export const RECOUNTED = '$timersRecounted';

// Instances with a pending timer counted through a year under another notice version than the
// stored one in force (0: none), optionally only through the given years; keyset by instance id.
const staleInstances = `
  select distinct t.instance_id from timers t, jsonb_each_text(t.calendar) as counted (year, version)
  where t.status = 'pending' and t.calendar is not null and t.instance_id > $1
    and ($2::text[] is null or counted.year = any($2::text[]))
    and counted.version::int <> coalesce(
      (select max(n.version) from calendar_notices n where n.year = counted.year::int), 0)
  order by t.instance_id limit ${BATCH}`;

const writeInstances = `
  update instances i set snapshot = r.snapshot, revision = i.revision + 1
  from jsonb_to_recordset($1::jsonb) as r (id text, snapshot jsonb) where i.id = r.id
  returning i.id, i.revision`;
const writeTimers = `
  update timers t set due = r.due, calendar = r.calendar
  from jsonb_to_recordset($1::jsonb) as r (id text, due timestamptz, calendar jsonb)
  where t.id = r.id and t.status = 'pending'`;
// Every task of an instance carries the same due time (its earliest pending deadline).
const writeTaskDue = `
  update tasks t set due = r.due
  from jsonb_to_recordset($1::jsonb) as r (instance_id text, due timestamptz) where t.instance_id = r.instance_id`;
const writeOutbox = `
  insert into outbox (topic, payload, created_at)
  select 'instance.changed', m.payload, $2::timestamptz from jsonb_array_elements($1::jsonb) as m (payload)`;

/**
 * Counts again, under `calendar`, the pending working-day timers counted under other notices (a
 * year's notice arrived or changed): the snapshot, the timer rows and the tasks' due times change
 * in one transaction per batch of instances, locked as a command locks them (a command computed
 * meanwhile is stale and runs again); after commit the BullMQ wake-ups of moved timers are replaced
 * and the change is announced. Not an event: the history is untouched. Returns the timers recounted.
 */
export async function recountStaleTimers(
  runtime: DurableRuntime,
  calendar: WorkingCalendar,
  years?: readonly number[],
): Promise<number> {
  let recounted = 0;
  let after = '';
  for (;;) {
    const ids = (
      await runtime.db.query<{ instance_id: string }>(staleInstances, [
        after,
        years ? years.map(String) : null,
      ])
    ).map((row) => row.instance_id);
    if (ids.length === 0) break;
    after = ids.at(-1)!;
    const now = runtime.clock.now();
    const batch = await runtime.db.transaction((query) => recountLocked(runtime, query, calendar, ids, now));
    await runtime.afterCommit(batch.steps, now);
    recounted += batch.recounted;
    if (ids.length < BATCH) break;
  }
  return recounted;
}

/** One batch, in the caller's transaction: lock the instances, recount, write; what leaves after commit. */
async function recountLocked(
  runtime: DurableRuntime,
  query: Query,
  calendar: WorkingCalendar,
  ids: string[],
  now: Date,
): Promise<{ steps: AfterCommit[]; recounted: number }> {
  const rows = await query<InstanceRow>(
    `select * from instances where id = any($1::text[]) and status = 'active' order by id for update`,
    [ids],
  );
  const instances: { id: string; snapshot: unknown }[] = [];
  const timers: { id: string; due: string; calendar: Record<string, number> | undefined }[] = [];
  const taskDue: { instance_id: string; due: string | null }[] = [];
  const messages: Record<string, unknown>[] = [];
  const steps: AfterCommit[] = [];
  let recounted = 0;
  for (const row of rows) {
    const result = recountTimers(row.snapshot, calendar);
    if (!result) continue;
    recounted += result.recounted.length;
    instances.push({ id: row.id, snapshot: result.snapshot });
    for (const { timer } of result.recounted) {
      timers.push({ id: timer.id, due: timer.due, calendar: timer.calendar?.versions });
    }
    const tasks = runtime.recomputeTasks(result.snapshot, now);
    taskDue.push({ instance_id: row.id, due: tasks[0]?.due ?? null });
    const change: ChangeEvent = {
      instanceId: row.id,
      workflowId: row.workflow_id,
      state: row.state,
      revision: row.revision + 1,
      unitIds: [...new Set([...row.unit_ids, ...tasks.flatMap((task) => task.unit_id ?? [])])],
      personIds: [
        ...new Set(
          [row.subject_person_id, ...tasks.map((task) => task.person_id)].filter((id) => id !== null),
        ),
      ],
    };
    messages.push({ ...change, seq: row.snapshot.seq, event: RECOUNTED });
    const moved = result.recounted.filter(({ timer, previousDue }) => timer.due !== previousDue);
    steps.push({
      schedule: moved.map(({ timer }) => timer),
      cancel: moved.map(({ timer }) => timer.id),
      change,
    });
  }
  if (instances.length > 0) {
    await query(writeInstances, [JSON.stringify(instances)]);
    await query(writeTimers, [JSON.stringify(timers)]);
    await query(writeTaskDue, [JSON.stringify(taskDue)]);
    await query(writeOutbox, [JSON.stringify(messages), now.toISOString()]);
  }
  return { steps, recounted };
}

import type { Query } from '../db/database.ts';
import type { HistoryRow, InstanceRow, TaskRow, TimerRow } from './rows.ts';

/** Everything one command changes, written by a single statement. */
export interface StepWrite {
  mode: 'insert' | 'update';
  instance: InstanceRow;
  history: HistoryRow;
  tasks: TaskRow[];
  newTimers: TimerRow[];
  /** Pending timers that this step cancelled or consumed. */
  settledTimers: { id: string; status: 'fired' | 'cancelled'; settled_at: string }[];
  outbox: { topic: string; payload: Record<string, unknown> }[];
  /** The instance's revision the step was computed from (update only). */
  expectedRevision: number | null;
  idempotency: IdempotencyRow | null;
}

export interface IdempotencyRow {
  principal: string;
  key: string;
  request_hash: string;
  response: unknown;
  created_at: string;
}

const taskColumns =
  'instance_id, workflow_id, version, state, role, unit_id, unit_path, or_above, person_id, relation, events, due, subject, search, updated_at';

const instanceWrite = {
  insert: `insert into instances select * from jsonb_populate_record(null::instances, $1::jsonb) returning id`,
  // Optimistic concurrency: the row must still be at the revision the step was computed from.
  update: `update instances i set state = r.state, status = r.status, org_unit_id = r.org_unit_id,
      unit_ids = r.unit_ids, subject_person_id = r.subject_person_id, snapshot = r.snapshot,
      revision = r.revision, last_hash = r.last_hash, updated_at = r.updated_at
    from jsonb_populate_record(null::instances, $1::jsonb) r
    where i.id = r.id and i.revision = $8::int returning i.id`,
};

// Data-modifying CTEs all run against the same snapshot: deleting the old task rows and inserting
// the new ones in one statement is safe because task rows have their own identity key. Every part
// is conditional on the instance row: a stale step writes nothing at all.
const statement = (mode: 'insert' | 'update') => `
with instance_row as (${instanceWrite[mode]}),
written as (select count(*) > 0 as ok from instance_row),
history_row as (
  insert into history select h.* from jsonb_populate_record(null::history, $2::jsonb) h, written where ok),
old_tasks as (
  delete from tasks using written where ok and instance_id = ($1::jsonb ->> 'id')),
new_tasks as (
  insert into tasks (${taskColumns})
  select ${taskColumns} from jsonb_populate_recordset(null::tasks, $3::jsonb), written where ok),
new_timers as (
  insert into timers select t.* from jsonb_populate_recordset(null::timers, $4::jsonb) t, written where ok),
settled_timers as (
  update timers t set status = s.status, settled_at = s.settled_at
  from jsonb_populate_recordset(null::timers, $5::jsonb) s, written
  where ok and t.id = s.id and t.status = 'pending'),
outbox_rows as (
  insert into outbox (topic, payload, created_at)
  select o.topic, o.payload, ($1::jsonb ->> 'updated_at')::timestamptz
  from jsonb_to_recordset($6::jsonb) as o(topic text, payload jsonb), written where ok),
-- A key used meanwhile by another request fails the whole statement (unique violation).
idempotency_row as (
  insert into idempotency_keys (principal, key, request_hash, response, created_at)
  select k.principal, k.key, k.request_hash, k.response, k.created_at
  from jsonb_populate_record(null::idempotency_keys, $7::jsonb) k, written where ok and $7 is not null)
select ok from written`;

const statements = { insert: statement('insert'), update: statement('update') };

/**
 * Writes a step in one statement (its own transaction unless `query` runs inside one). False when
 * the instance had moved past `expectedRevision` meanwhile: then nothing was written.
 */
export async function writeStep(query: Query, write: StepWrite): Promise<boolean> {
  const params: unknown[] = [
    JSON.stringify(write.instance),
    JSON.stringify(write.history),
    JSON.stringify(write.tasks),
    JSON.stringify(write.newTimers),
    JSON.stringify(write.settledTimers.map((timer) => ({ ...timer, instance_id: write.instance.id }))),
    JSON.stringify(write.outbox),
    write.idempotency ? JSON.stringify(write.idempotency) : null,
  ];
  if (write.mode === 'update') params.push(write.expectedRevision);
  const [row] = await query<{ ok: boolean }>(statements[write.mode], params, `doanflow_step_${write.mode}`);
  return row?.ok === true;
}

// Several steps of instances the transaction has locked, in one statement (timer batches: one round
// trip for the whole batch instead of one per timer).
const lockedSteps = `
with instance_rows as (
  update instances i set state = r.state, status = r.status, org_unit_id = r.org_unit_id,
      unit_ids = r.unit_ids, subject_person_id = r.subject_person_id, snapshot = r.snapshot,
      revision = r.revision, last_hash = r.last_hash, updated_at = r.updated_at
    from jsonb_populate_recordset(null::instances, $1::jsonb) r
    where i.id = r.id and i.revision = r.revision - 1 returning i.id),
history_rows as (
  insert into history select h.* from jsonb_populate_recordset(null::history, $2::jsonb) h),
old_tasks as (
  delete from tasks where instance_id in (
    select r.id from jsonb_populate_recordset(null::instances, $1::jsonb) r)),
new_tasks as (
  insert into tasks (${taskColumns})
  select ${taskColumns} from jsonb_populate_recordset(null::tasks, $3::jsonb)),
new_timers as (
  insert into timers select t.* from jsonb_populate_recordset(null::timers, $4::jsonb) t),
settled_timers as (
  update timers t set status = s.status, settled_at = s.settled_at
  from jsonb_populate_recordset(null::timers, $5::jsonb) s
  where t.id = s.id and t.status = 'pending'),
outbox_rows as (
  insert into outbox (topic, payload, created_at)
  select o.topic, o.payload, o.created_at
  from jsonb_to_recordset($6::jsonb) as o(topic text, payload jsonb, created_at timestamptz))
select count(*)::int as written from instance_rows`;

/**
 * Writes the steps of instances locked by `query`'s transaction, in one statement. Throws (and the
 * caller's transaction rolls back) if any instance was not at the revision its step came from.
 */
export async function writeLockedSteps(query: Query, writes: readonly StepWrite[]): Promise<void> {
  if (writes.length === 0) return;
  const [row] = await query<{ written: number }>(
    lockedSteps,
    [
      JSON.stringify(writes.map((write) => write.instance)),
      JSON.stringify(writes.map((write) => write.history)),
      JSON.stringify(writes.flatMap((write) => write.tasks)),
      JSON.stringify(writes.flatMap((write) => write.newTimers)),
      JSON.stringify(
        writes.flatMap((write) =>
          write.settledTimers.map((timer) => ({ ...timer, instance_id: write.instance.id })),
        ),
      ),
      JSON.stringify(
        writes.flatMap((write) =>
          write.outbox.map((message) => ({ ...message, created_at: write.instance.updated_at })),
        ),
      ),
    ],
    'doanflow_locked_steps',
  );
  if (row?.written !== writes.length) {
    throw new Error(
      `${writes.length - (row?.written ?? 0)} locked instances were not at their step's revision`,
    );
  }
}

import type { Query } from '../db/database.ts';
import type { HistoryRow, InstanceRow, TaskRow, TimerRow } from './rows.ts';

/** Everything one command changes, written by a single statement inside its transaction. */
export interface StepWrite {
  mode: 'insert' | 'update';
  instance: InstanceRow;
  history: HistoryRow;
  tasks: TaskRow[];
  newTimers: TimerRow[];
  /** Pending timers that this step cancelled or consumed. */
  settledTimers: { id: string; status: 'fired' | 'cancelled'; settled_at: string }[];
  outbox: { topic: string; payload: Record<string, unknown> }[];
  idempotency: { principal: string; key: string; response: unknown } | null;
  notify: { channel: string; payload: string } | null;
}

const taskColumns =
  'instance_id, workflow_id, version, state, role, unit_id, or_above, person_id, relation, events, due, subject, search, updated_at';

const instanceWrite = {
  insert: `insert into instances select * from jsonb_populate_record(null::instances, $1::jsonb)`,
  update: `update instances i set state = r.state, status = r.status, org_unit_id = r.org_unit_id,
      unit_ids = r.unit_ids, subject_person_id = r.subject_person_id, snapshot = r.snapshot,
      revision = r.revision, last_hash = r.last_hash, updated_at = r.updated_at
    from jsonb_populate_record(null::instances, $1::jsonb) r where i.id = r.id`,
};

// Data-modifying CTEs all run against the same snapshot: deleting the old task rows and inserting
// the new ones in one statement is safe because task rows have their own identity key.
const statement = (mode: 'insert' | 'update', notify: boolean) => `
with instance_row as (${instanceWrite[mode]}),
history_row as (
  insert into history select * from jsonb_populate_record(null::history, $2::jsonb)),
old_tasks as (delete from tasks where instance_id = ($1::jsonb ->> 'id')),
new_tasks as (
  insert into tasks (${taskColumns})
  select ${taskColumns} from jsonb_populate_recordset(null::tasks, $3::jsonb)),
new_timers as (
  insert into timers select * from jsonb_populate_recordset(null::timers, $4::jsonb)),
settled_timers as (
  update timers t set status = s.status, settled_at = s.settled_at
  from jsonb_populate_recordset(null::timers, $5::jsonb) s
  where t.id = s.id and t.status = 'pending'),
outbox_rows as (
  insert into outbox (topic, payload, created_at)
  select o.topic, o.payload, ($1::jsonb ->> 'updated_at')::timestamptz
  from jsonb_to_recordset($6::jsonb) as o(topic text, payload jsonb)),
idempotency_row as (
  update idempotency_keys k set response = r.response
  from jsonb_populate_record(null::idempotency_keys, $7::jsonb) r
  where k.principal = r.principal and k.key = r.key)
${notify ? 'select pg_notify($8, $9)' : 'select 1'}`;

const statements = {
  insert: { plain: statement('insert', false), notify: statement('insert', true) },
  update: { plain: statement('update', false), notify: statement('update', true) },
};

export async function writeStep(query: Query, write: StepWrite): Promise<void> {
  const params: unknown[] = [
    JSON.stringify(write.instance),
    JSON.stringify(write.history),
    JSON.stringify(write.tasks),
    JSON.stringify(write.newTimers),
    JSON.stringify(write.settledTimers.map((timer) => ({ ...timer, instance_id: write.instance.id }))),
    JSON.stringify(write.outbox),
    write.idempotency ? JSON.stringify(write.idempotency) : null,
  ];
  if (write.notify) params.push(write.notify.channel, write.notify.payload);
  await query(statements[write.mode][write.notify ? 'notify' : 'plain'], params);
}

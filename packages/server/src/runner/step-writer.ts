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
  /** Uploads this step's event references: they join the dossier (and are never deleted). */
  attachments: { id: string; instance_id: string; seq: number; at: string }[];
  /** Facts for other records and instances (engine links.ts), delivered once after commit. */
  links: LinkRow[];
  idempotency: IdempotencyRow | null;
}

export interface LinkRow {
  source_instance_id: string;
  source_workflow_id: string;
  source_seq: number;
  kind: string;
  key: string;
  target_kind: 'unit' | 'person';
  target_id: string;
  data: Record<string, unknown>;
  deliver: { workflowId: string; event: string }[];
  created_at: string;
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

// The rows to write are JSON arrays ($1 instances … $6 outbox, $7 the Idempotency-Key row or null,
// $8 the uploads referenced, $9 the links):
// one command writes arrays of one, a timer batch writes one statement for all its steps.
const instanceWrite = {
  insert: `insert into instances select * from jsonb_populate_recordset(null::instances, $1::jsonb) returning id`,
  // Optimistic concurrency: each row must still be at the revision its step was computed from.
  update: `update instances i set state = r.state, status = r.status, org_unit_id = r.org_unit_id,
      unit_ids = r.unit_ids, subject_person_id = r.subject_person_id,
      participant_ids = r.participant_ids, snapshot = r.snapshot,
      revision = r.revision, last_hash = r.last_hash, updated_at = r.updated_at
    from jsonb_populate_recordset(null::instances, $1::jsonb) r
    where i.id = r.id and i.revision = r.revision - 1 returning i.id`,
};

// A new instance has no task rows or pending timers yet, so its statement deletes and settles
// nothing. Leaving those parts out also keeps them out of the plan PostgreSQL caches per connection:
// built while a new database's tables were small, it scanned every task row on each start as they
// grew (starts fell from ~850/s to ~500/s within a minute of a new database; bench/RESULTS.md, stop 38).
// Its $5 stays named (an unused CTE is never run) so that both modes take the same parameters.
const onUpdate = (mode: 'insert' | 'update', part: string, onInsert = '') =>
  mode === 'update' ? part : onInsert;
const settlesNothing = `settles_nothing as (select $5::jsonb),
`;

// Data-modifying CTEs all run against the same snapshot: deleting the old task rows and inserting
// the new ones in one statement is safe because task rows have their own identity key. Every part
// is conditional on every instance row being written: a stale step writes nothing at all.
// The old task rows are found by `= any(array(…))`: as a join (`in (select …)`) the planner, which
// cannot know how many instances a batch has, scanned every task row once the table had no
// statistics or grew past them (issue 15: 50 ms per write at 100,000 task rows, growing with them).
const statement = (mode: 'insert' | 'update') => `
with instance_rows as (${instanceWrite[mode]}),
written as (select count(*) = jsonb_array_length($1::jsonb) as ok from instance_rows),
history_rows as (
  insert into history select h.* from jsonb_populate_recordset(null::history, $2::jsonb) h, written where ok),
${onUpdate(
  mode,
  `old_tasks as (
  delete from tasks using written where ok and instance_id = any(array(
    select r.id from jsonb_populate_recordset(null::instances, $1::jsonb) r))),
`,
)}new_tasks as (
  insert into tasks (${taskColumns})
  select ${taskColumns} from jsonb_populate_recordset(null::tasks, $3::jsonb), written where ok),
new_timers as (
  insert into timers select t.* from jsonb_populate_recordset(null::timers, $4::jsonb) t, written where ok),
${onUpdate(
  mode,
  `settled_timers as (
  update timers t set status = s.status, settled_at = s.settled_at
  from jsonb_populate_recordset(null::timers, $5::jsonb) s, written
  where ok and t.id = s.id and t.status = 'pending'),
`,
  settlesNothing,
)}outbox_rows as (
  insert into outbox (topic, payload, created_at)
  select o.topic, o.payload, o.created_at
  from jsonb_to_recordset($6::jsonb) as o(topic text, payload jsonb, created_at timestamptz), written where ok),
referenced_attachments as (
  update attachments a set seq = r.seq, referenced_at = r.at
  from jsonb_to_recordset($8::jsonb) as r(id text, instance_id text, seq int, at timestamptz), written
  where ok and a.id = r.id and a.instance_id = r.instance_id and a.seq is null),
link_rows as (
  insert into links (source_instance_id, source_workflow_id, source_seq, kind, key, target_kind,
    target_id, data, deliver, created_at)
  select l.source_instance_id, l.source_workflow_id, l.source_seq, l.kind, l.key, l.target_kind,
    l.target_id, l.data, l.deliver, l.created_at
  from jsonb_to_recordset($9::jsonb) as l(source_instance_id text, source_workflow_id text,
    source_seq int, kind text, key text, target_kind text, target_id text, data jsonb, deliver jsonb,
    created_at timestamptz), written
  where ok on conflict do nothing),
-- A key used meanwhile by another request fails the whole statement (unique violation).
idempotency_row as (
  insert into idempotency_keys (principal, key, request_hash, response, created_at)
  select k.principal, k.key, k.request_hash, k.response, k.created_at
  from jsonb_populate_record(null::idempotency_keys, $7::jsonb) k, written where ok and $7 is not null)
select ok from written`;

const statements = { insert: statement('insert'), update: statement('update') };

/** A new instance's statement settles no timers (settlesNothing): it never had any. */
function assertNothingToSettle(mode: StepWrite['mode'], writes: readonly StepWrite[]): void {
  if (mode === 'insert' && writes.some((write) => write.settledTimers.length > 0))
    throw new Error('a new instance has no pending timers to settle');
}

/**
 * Writes steps of one mode in one statement (its own transaction unless `query` runs inside one).
 * False when an instance had moved past the revision its step came from: then nothing was written.
 */
async function writeSteps(
  query: Query,
  mode: StepWrite['mode'],
  writes: readonly StepWrite[],
  idempotency: IdempotencyRow | null,
): Promise<boolean> {
  assertNothingToSettle(mode, writes);
  const [row] = await query<{ ok: boolean }>(
    statements[mode],
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
      idempotency ? JSON.stringify(idempotency) : null,
      JSON.stringify(writes.flatMap((write) => write.attachments)),
      JSON.stringify(writes.flatMap((write) => write.links)),
    ],
    `doanflow_steps_${mode}`,
  );
  return row?.ok === true;
}

// Group commit (group-commit.ts): the steps of different commands, each written only if its own
// instance row was (its revision unchanged), in one statement and one commit. Every row carries its
// instance's id so that a stale step's rows are left out while the others' are written. $7 is an
// array of Idempotency-Key rows here; a key used meanwhile fails the whole statement, and the batch
// is then written again one step at a time (each caller gets its own answer).
const eachStatement = (mode: 'insert' | 'update') => `
with instance_rows as (${instanceWrite[mode]}),
history_rows as (
  insert into history select h.* from jsonb_populate_recordset(null::history, $2::jsonb) h
  where h.instance_id in (select id from instance_rows)),
${onUpdate(
  mode,
  `old_tasks as (
  delete from tasks where instance_id = any(array(select id from instance_rows))),
`,
)}new_tasks as (
  insert into tasks (${taskColumns})
  select ${taskColumns} from jsonb_populate_recordset(null::tasks, $3::jsonb) t
  where t.instance_id in (select id from instance_rows)),
new_timers as (
  insert into timers select t.* from jsonb_populate_recordset(null::timers, $4::jsonb) t
  where t.instance_id in (select id from instance_rows)),
${onUpdate(
  mode,
  `settled_timers as (
  update timers t set status = s.status, settled_at = s.settled_at
  from jsonb_populate_recordset(null::timers, $5::jsonb) s
  where t.id = s.id and t.status = 'pending' and s.instance_id in (select id from instance_rows)),
`,
  settlesNothing,
)}outbox_rows as (
  insert into outbox (topic, payload, created_at)
  select o.topic, o.payload, o.created_at
  from jsonb_to_recordset($6::jsonb) as o(topic text, payload jsonb, created_at timestamptz, instance_id text)
  where o.instance_id in (select id from instance_rows)),
referenced_attachments as (
  update attachments a set seq = r.seq, referenced_at = r.at
  from jsonb_to_recordset($8::jsonb) as r(id text, instance_id text, seq int, at timestamptz)
  where a.id = r.id and a.instance_id = r.instance_id and a.seq is null
    and r.instance_id in (select id from instance_rows)),
link_rows as (
  insert into links (source_instance_id, source_workflow_id, source_seq, kind, key, target_kind,
    target_id, data, deliver, created_at)
  select l.source_instance_id, l.source_workflow_id, l.source_seq, l.kind, l.key, l.target_kind,
    l.target_id, l.data, l.deliver, l.created_at
  from jsonb_to_recordset($9::jsonb) as l(source_instance_id text, source_workflow_id text,
    source_seq int, kind text, key text, target_kind text, target_id text, data jsonb, deliver jsonb,
    created_at timestamptz)
  where l.source_instance_id in (select id from instance_rows) on conflict do nothing),
idempotency_rows as (
  insert into idempotency_keys (principal, key, request_hash, response, created_at)
  select k.principal, k.key, k.request_hash, k.response, k.created_at
  from jsonb_to_recordset($7::jsonb) as k(principal text, key text, request_hash text, response jsonb,
    created_at timestamptz, instance_id text)
  where k.instance_id in (select id from instance_rows))
select id from instance_rows`;

const eachStatements = { insert: eachStatement('insert'), update: eachStatement('update') };

/** Every form of the write statement, for the tests that read their plans (step-write-plans.test.ts). */
export const stepWriteStatements = {
  single: statements,
  each: eachStatements,
};

/**
 * Writes the steps of several commands (one per instance) in one statement and one commit, each
 * only if its instance was still at its step's revision. Returns the ids of the instances written;
 * the others' steps wrote nothing. Throws (nothing written) when any row is refused.
 */
export async function writeEachStep(
  query: Query,
  mode: StepWrite['mode'],
  writes: readonly StepWrite[],
): Promise<Set<string>> {
  assertNothingToSettle(mode, writes);
  const rows = await query<{ id: string }>(
    eachStatements[mode],
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
          write.outbox.map((message) => ({
            ...message,
            created_at: write.instance.updated_at,
            instance_id: write.instance.id,
          })),
        ),
      ),
      JSON.stringify(
        writes.flatMap((write) =>
          write.idempotency ? [{ ...write.idempotency, instance_id: write.instance.id }] : [],
        ),
      ),
      JSON.stringify(writes.flatMap((write) => write.attachments)),
      JSON.stringify(writes.flatMap((write) => write.links)),
    ],
    `doanflow_each_step_${mode}`,
  );
  return new Set(rows.map((row) => row.id));
}

/** One command's step. False when the instance had moved on meanwhile: nothing was written. */
export function writeStep(query: Query, write: StepWrite): Promise<boolean> {
  return writeSteps(query, write.mode, [write], write.idempotency);
}

/**
 * Writes the steps of instances locked by `query`'s transaction (a timer batch), in one statement.
 * Throws (and the caller's transaction rolls back) if any was not at its step's revision.
 */
export async function writeLockedSteps(query: Query, writes: readonly StepWrite[]): Promise<void> {
  if (writes.length === 0) return;
  if (!(await writeSteps(query, 'update', writes, null))) {
    throw new Error('a locked instance was not at the revision its step came from');
  }
}

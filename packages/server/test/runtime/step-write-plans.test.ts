import { person } from '@doanflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stepWriteStatements } from '../../src/runner/step-writer.ts';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { scansOf, type PlanNode } from './plan-scans.ts';
import { dropSchema, openRuntime, TestClock, transferInput, uniqueName } from './support.ts';

const schema = uniqueName('rt_step_plans');
const clock = new TestClock('2026-03-02T02:00:00Z');
let runtime: HostedRuntime;

/** Other instances, as a year of work leaves them: the tables the writes must not scan. */
const OTHER_INSTANCES = 20_000;

beforeAll(async () => {
  runtime = await openRuntime({ schema, clock });
  const { id } = await runtime.start('member-transfer', transferInput, person('p-an'));
  await runtime.send(id, { type: 'SUBMIT' }, person('p-an'));
  // Copies of it and its task rows under other ids; no ANALYZE: a new or restored database, or one
  // whose autovacuum is off or behind, has no statistics for the planner to go by.
  await runtime.db.query(
    `insert into instances
     select (jsonb_populate_record(null::instances, to_jsonb(i) || jsonb_build_object('id', 'other-' || n))).*
     from instances i, generate_series(1, $1) n`,
    [OTHER_INSTANCES],
  );
  await runtime.db.query(
    `insert into tasks (instance_id, workflow_id, version, state, role, unit_id, unit_path, or_above,
       person_id, relation, events, due, subject, search, updated_at)
     select 'other-' || n, workflow_id, version, state, role, unit_id, unit_path, or_above,
       person_id, relation, events, due, subject, search, updated_at
     from tasks, generate_series(1, $1) n`,
    [OTHER_INSTANCES],
  );
});
afterAll(async () => {
  await runtime?.close();
  await dropSchema(schema);
});

describe('the write statements among many task rows', () => {
  const forms = [
    ['one step, a new instance', stepWriteStatements.single.insert],
    ['one step', stepWriteStatements.single.update],
    ['a group commit of new instances', stepWriteStatements.each.insert],
    ['a group commit', stepWriteStatements.each.update],
  ] as const;

  // A scan of every task row cost ~50 ms per write at 100,000 rows in the bench, growing with the
  // table; found through the index it is a few index pages per instance written.
  it.each(forms)('%s finds the old task rows through the index, scanning no table', async (_, sql) => {
    const instance = JSON.stringify([{ id: 'other-7', revision: 2 }]);
    const [row] = await runtime.db.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
      `explain (format json) ${sql}`,
      [
        instance,
        '[]',
        '[]',
        '[]',
        '[]',
        '[]',
        sql.includes('jsonb_populate_record(') ? null : '[]',
        '[]',
        '[]',
      ],
    );
    expect(scansOf(row!['QUERY PLAN'][0]!.Plan)).toEqual([]);
  });
});

import { person } from '@doanflow/engine';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Housekeeping } from '../../src/runner/housekeeping.ts';
import { stepWriteStatements } from '../../src/runner/step-writer.ts';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { scansOf, type PlanNode } from './plan-scans.ts';
import { DATABASE_URL, dropSchema, openRuntime, TestClock, transferInput, uniqueName } from './support.ts';

const schema = uniqueName('rt_statistics');
const clock = new TestClock('2026-03-02T02:00:00Z');
let runtime: HostedRuntime;
/** A connection of its own, as each of the server's pooled connections keeps its own plans. */
let connection: Client;

beforeAll(async () => {
  runtime = await openRuntime({ schema, clock });
  connection = new Client({ connectionString: DATABASE_URL, options: `-c search_path=${schema},public` });
  await connection.connect();
});
afterAll(async () => {
  await connection?.end();
  await runtime?.close();
  await dropSchema(schema);
});

/** The tables the connection's cached plan of a decision's write statement reads whole. */
async function cachedPlanScans(): Promise<string[]> {
  const { rows } = await connection.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
    `explain (format json) execute decision_write('[{"id": "other-7", "revision": 3}]', '[]', '[]', '[]', '[]', '[]', null, '[]', '[]')`,
  );
  return scansOf(rows[0]!['QUERY PLAN'][0]!.Plan);
}

/** Copies of one submitted transfer and its task rows, as the first minutes of a new database add them. */
async function addInstances(count: number): Promise<void> {
  const { id } = await runtime.start('member-transfer', transferInput, person('p-an'));
  await runtime.send(id, { type: 'SUBMIT' }, person('p-an'));
  await runtime.db.query(
    `insert into instances
     select (jsonb_populate_record(null::instances, to_jsonb(i) || jsonb_build_object('id', 'other-' || n))).*
     from instances i, generate_series(1, $1) n where i.id = $2`,
    [count, id],
  );
  await runtime.db.query(
    `insert into tasks (instance_id, workflow_id, version, state, role, unit_id, unit_path, or_above,
       person_id, relation, events, due, subject, search, updated_at)
     select 'other-' || n, workflow_id, version, state, role, unit_id, unit_path, or_above,
       person_id, relation, events, due, subject, search, updated_at
     from tasks, generate_series(1, $1) n where instance_id = $2`,
    [count, id],
  );
}

describe("the tables' statistics", () => {
  it('are taken again once a table has doubled in size, so that plans made while it was small are replaced', async () => {
    // Planned while the tables are empty (a new database's first steps), a scan is the cheapest plan.
    await connection.query('set plan_cache_mode = force_generic_plan');
    await connection.query(`prepare decision_write as ${stepWriteStatements.single.update}`);
    const planned = await cachedPlanScans();
    expect(planned).toEqual(expect.arrayContaining(['instances', 'tasks']));

    await addInstances(20_000);
    // The connection keeps that plan however much the tables grow, until their statistics change.
    expect(await cachedPlanScans()).toEqual(planned);

    const housekeeping = new Housekeeping({ db: runtime.db, clock });
    expect(await housekeeping.analyzeGrownTables()).toEqual(expect.arrayContaining(['instances', 'tasks']));
    expect(await cachedPlanScans()).toEqual([]);
    // Nothing has grown since: nothing is analyzed again.
    expect(await housekeeping.analyzeGrownTables()).toEqual([]);
  });
});

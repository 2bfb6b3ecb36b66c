import { person } from '@doanflow/engine';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { indexesOf, readsOf, type PlanNode } from './plan-scans.ts';
import { DATABASE_URL, dropSchema, openRuntime, TestClock, transferInput, uniqueName } from './support.ts';

const schema = uniqueName('rt_trigger_plans');
let runtime: HostedRuntime;
let instanceId: string;

beforeAll(async () => {
  runtime = await openRuntime({ schema, clock: new TestClock('2026-03-02T02:00:00Z') });
  const started = await runtime.start('member-transfer', transferInput, person('p-an'));
  instanceId = started.id;
  await runtime.send(instanceId, { type: 'SUBMIT' }, person('p-an'));
  // Statistics of tables this small: a scan is then the cheapest way to find any row.
  await runtime.db.query('vacuum analyze instances, history');
});
afterAll(async () => {
  await runtime?.close();
  await dropSchema(schema);
});

/** The plans the report triggers' statements ran with, as auto_explain reports them (NOTICE, JSON). */
async function triggerPlans(work: (client: Client) => Promise<void>): Promise<PlanNode[]> {
  const client = new Client({ connectionString: DATABASE_URL, options: `-c search_path=${schema},public` });
  const notices: string[] = [];
  client.on('notice', (notice) => notices.push(notice.message ?? ''));
  await client.connect();
  try {
    await client.query(`load 'auto_explain'`);
    await client.query(`set auto_explain.log_min_duration = 0`);
    await client.query(`set auto_explain.log_nested_statements = on`);
    await client.query(`set auto_explain.log_format = json`);
    await client.query(`set auto_explain.log_level = notice`);
    await client.query('begin');
    await work(client);
    await client.query('rollback');
  } finally {
    await client.end();
  }
  return notices
    .map(
      (notice) => JSON.parse(notice.slice(notice.indexOf('{'))) as { 'Query Text': string; Plan: PlanNode },
    )
    .filter((explained) => explained['Query Text'].includes('report_step_time_deltas'))
    .map((explained) => explained.Plan);
}

/** A move added after the instance's last one (the report triggers' insert case). */
async function addMove(client: Client): Promise<void> {
  await client.query(
    `insert into history (instance_id, seq, type, actor_role, acting, from_state, to_state, at, hash)
     select instance_id, seq + 1, 'TEST', actor_role, acting, to_state, 'elsewhere', at + interval '1 hour', 'x'
     from history where instance_id = $1 order by seq desc limit 1`,
    [instanceId],
  );
}

/** How a trigger's plan reads instances and history. */
const tableReads = (plan: PlanNode) => readsOf(plan, ['instances', 'history']);

// A trigger's statements have no parameters, so each connection plans them once and keeps that plan
// until the tables' statistics change. Planned while the tables were small, the join on instances
// was a scan of every instance: one pooled connection of the bench then spent 12–28 ms per decision
// in it at 48,000 instances, and the plan lived on (bench/RESULTS.md, stop 39).
describe("the report triggers' statements, planned while the tables are small", () => {
  it('find a new move’s instance and the move before it through their indexes', async () => {
    const plans = await triggerPlans(addMove);
    expect(plans).toHaveLength(1);
    expect(tableReads(plans[0]!)).toEqual([
      'Index Scan on instances by (id = n.instance_id)',
      'Index Scan Backward on history by ((instance_id = n.instance_id) AND (seq < n.seq))',
    ]);
  });

  it('find a removed move’s instance and the move before it through their indexes', async () => {
    const plans = await triggerPlans(async (client) => {
      await client.query(
        `delete from history where instance_id = $1 and from_state is distinct from to_state`,
        [instanceId],
      );
    });
    expect(plans).toHaveLength(1);
    expect(tableReads(plans[0]!)).toEqual([
      'Index Scan on instances by (id = n.instance_id)',
      'Index Scan on history by ((instance_id = n.instance_id) AND (seq < n.seq))',
    ]);
  });

  // Every index on history is paid by every decision (each history row goes into each, at a random
  // page among 1M instances'); the primary key is the only one any statement needs.
  it("look moves up through history's primary key, its only index", async () => {
    const plans = await triggerPlans(addMove);
    expect(plans.flatMap((plan) => indexesOf(plan, 'history'))).toEqual(['history_pkey']);
    const indexes = await runtime.db.query<{ name: string }>(
      `select indexname as name from pg_indexes where schemaname = $1 and tablename = 'history'`,
      [schema],
    );
    expect(indexes.map(({ name }) => name)).toEqual(['history_pkey']);
  });
});

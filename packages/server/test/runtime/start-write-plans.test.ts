import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stepWriteStatements } from '../../src/runner/step-writer.ts';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { scansOf, type PlanNode } from './plan-scans.ts';
import { dropSchema, openRuntime, TestClock, uniqueName } from './support.ts';

const schema = uniqueName('rt_start_plans');
let runtime: HostedRuntime;

beforeAll(async () => {
  runtime = await openRuntime({ schema, clock: new TestClock('2026-03-02T02:00:00Z') });
});
afterAll(async () => {
  await runtime?.close();
  await dropSchema(schema);
});

// Each connection caches a statement's generic plan after its fifth run and keeps it until the
// tables' statistics change. On a new database that plan is made while the tables are nearly empty,
// where a scan is the cheapest way to find anything, and a start then paid a scan of every task row
// for as long as the plan lived (bench/RESULTS.md, stop 38: starts fell from ~850/s to ~500/s).
describe('the write statement of new instances, planned while the tables are empty', () => {
  const forms = [
    ['one new instance', stepWriteStatements.single.insert],
    ['a group commit of new instances', stepWriteStatements.each.insert],
  ] as const;

  it.each(forms)('%s: its generic plan scans no table', async (_, sql) => {
    const plan = await runtime.db.transaction(async (query) => {
      await query('set local plan_cache_mode = force_generic_plan');
      await query(`prepare start_write as ${sql}`);
      const nulls = sql.includes('jsonb_populate_record(') ? 'null' : `'[]'`;
      const [row] = await query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
        `explain (format json) execute start_write('[]', '[]', '[]', '[]', '[]', '[]', ${nulls}, '[]', '[]')`,
      );
      await query('deallocate start_write');
      return row!['QUERY PLAN'][0]!.Plan;
    });
    expect(scansOf(plan)).toEqual([]);
  });
});

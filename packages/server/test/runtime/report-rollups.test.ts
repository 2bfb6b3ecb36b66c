import { person } from '@doanflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open-database.ts';
import type { Query } from '../../src/db/database.ts';
import { foldStepTimes } from '../../src/reports/fold-step-times.ts';
import { bucketSeconds, durationBucket, sketchPercentiles } from '../../src/reports/lead-time-sketch.ts';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { DATABASE_URL, dropSchema, openRuntime, TestClock, transferInput, uniqueName } from './support.ts';

/** A day in Vietnam time, as the rollup keys its cells. */
const vietnamDay = (at: Date) => new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);

/**
 * The cells computed here from the raw rows, independently of the triggers: each move's time since
 * the instance's previous move, in the bucket of this file's sketch, and each finished instance.
 * Keyed without the unit when `byUnit` is false (a transfer's unit changes as it travels; the rollup
 * keeps the unit it was at when it moved).
 */
async function expectedCells(query: Query, byUnit = true) {
  const instances = await query<{
    id: string;
    workflow_id: string;
    org_unit_id: string | null;
    status: string;
    created_at: Date;
    updated_at: Date;
  }>('select id, workflow_id, org_unit_id, status, created_at, updated_at from instances');
  const history = await query<{ instance_id: string; from_state: string | null; to_state: string; at: Date }>(
    'select instance_id, from_state, to_state, at from history order by instance_id, seq',
  );
  const byId = new Map(instances.map((row) => [row.id, row]));
  const cells = new Map<string, number>();
  const add = (unit: string, at: Date, workflow: string, step: string, seconds: number) => {
    const key = [byUnit ? unit : '', vietnamDay(at), workflow, step, durationBucket(seconds)].join('|');
    cells.set(key, (cells.get(key) ?? 0) + 1);
  };
  const entered = new Map<string, Date>();
  for (const move of history.filter((row) => row.from_state !== row.to_state)) {
    const since = entered.get(move.instance_id);
    const instance = byId.get(move.instance_id)!;
    // An instance without a unit is in no unit's report.
    if (since && move.from_state && instance.org_unit_id)
      add(
        instance.org_unit_id,
        move.at,
        instance.workflow_id,
        move.from_state,
        (move.at.getTime() - since.getTime()) / 1000,
      );
    entered.set(move.instance_id, move.at);
  }
  for (const row of instances.filter((each) => each.status !== 'active' && each.org_unit_id))
    add(
      row.org_unit_id!,
      row.updated_at,
      row.workflow_id,
      '*',
      (row.updated_at.getTime() - row.created_at.getTime()) / 1000,
    );
  return Object.fromEntries([...cells].sort());
}

/** The rollup as a report reads it: folded cells plus moves not folded yet. */
async function rolledUp(query: Query, byUnit = true) {
  const rows = await query<{ key: string; moves: number }>(
    `select concat_ws('|', ${byUnit ? 'unit_id' : "''"}, day::text, workflow_id, step, bucket) as key,
            sum(moves)::int as moves
       from (select unit_id, day, workflow_id, step, bucket, moves from report_step_times
             union all
             select unit_id, day, workflow_id, step, bucket, moves from report_step_time_deltas) cells
      group by 1 having sum(moves) <> 0 order by 1`,
  );
  return Object.fromEntries(rows.map((row) => [row.key, row.moves]));
}

describe('the lead-time sketch', () => {
  it('puts every duration within 2% of its bucket, and percentiles within 2% of the exact ones', () => {
    for (let seconds = 1; seconds < 4e8; seconds *= 1.37) {
      const value = bucketSeconds(durationBucket(seconds));
      expect(Math.abs(value - seconds) / seconds).toBeLessThanOrEqual(0.02 + 1e-12);
    }
    expect(durationBucket(0.4)).toBe(0);
    expect(bucketSeconds(0)).toBe(0);

    // Durations spread over four orders of magnitude, in a fixed pseudo-random order.
    let seed = 7;
    const durations = Array.from({ length: 5_001 }, () => {
      seed = (seed * 48_271) % 2_147_483_647;
      return 60 * 10 ** (4 * (seed / 2_147_483_647));
    });
    const counts = new Map<number, number>();
    for (const each of durations)
      counts.set(durationBucket(each), (counts.get(durationBucket(each)) ?? 0) + 1);
    const sorted = [...durations].sort((a, b) => a - b);
    const sketch = sketchPercentiles(
      [...counts].map(([bucket, moves]) => ({ bucket, moves })),
      [0, 0.5, 0.9, 1],
    );
    expect(sketch.count).toBe(durations.length);
    for (const [index, q] of [0, 0.5, 0.9, 1].entries()) {
      const exact = sorted[Math.round(q * (sorted.length - 1))]!;
      expect(Math.abs(sketch.seconds[index]! - exact) / exact).toBeLessThanOrEqual(0.02);
    }
    expect(sketchPercentiles([], [0.5])).toEqual({ count: 0, seconds: [0] });
  });
});

describe('Migration20261215000000_report_rollups', () => {
  const schema = uniqueName('rt_rollup_migration');
  afterAll(() => dropSchema(schema));

  it('rolls up what the database already holds, then keeps up with every writer, deletes included', async () => {
    const { db, orm } = await openDatabase({ databaseUrl: DATABASE_URL, schema, migrate: false });
    try {
      const migrator = orm.migrator as unknown as { up(options?: { to: string }): Promise<unknown> };
      await migrator.up({ to: 'Migration20261214000000_delegation' });
      const instance = (id: string, workflow: string, status: string, unit: string | null, context: object) =>
        db.query(
          `insert into instances (id, workflow_id, version, state, status, org_unit_id, unit_ids, snapshot,
             revision, last_hash, created_at, updated_at)
           values ($1, $2, 1, $3, $4, $5, '[]', $6, 3, 'h', '2026-03-01T20:00:00Z', '2026-03-04T09:30:00Z')`,
          [
            id,
            workflow,
            status === 'done' ? 'completed' : 'sourceBase',
            status,
            unit,
            { machine: { context } },
          ],
        );
      const move = (id: string, seq: number, from: string | null, to: string, at: string) =>
        db.query(
          `insert into history (instance_id, seq, type, actor_role, acting, from_state, to_state, at, hash)
           values ($1, $2, 'E', 'r', 'self', $3, $4, $5, 'h')`,
          [id, seq, from, to, at],
        );
      const route = {
        sourceBranchId: 'cd-thon2',
        sourceBaseId: 'tradoc',
        destinationBaseId: 'phuong-an-hai',
      };
      await instance('t-1', 'member-transfer', 'done', 'tradoc', route);
      await instance('r-1', 'branch-review', 'active', 'cd-thon2', {});
      await instance('u-1', 'year-end-review', 'done', null, {}); // no unit: in no report
      await move('u-1', 0, null, 'open', '2026-03-01T20:00:00Z');
      await move('u-1', 1, 'open', 'closed', '2026-03-02T20:00:00Z');
      await move('t-1', 0, null, 'sourceBranch', '2026-03-01T20:00:00Z');
      await move('t-1', 1, 'sourceBranch', 'sourceBranch', '2026-03-02T01:00:00Z'); // a comment: no move
      await move('t-1', 2, 'sourceBranch', 'sourceBase', '2026-03-02T03:00:00Z');
      await move('t-1', 3, 'sourceBase', 'completed', '2026-03-04T09:30:00Z');
      await move('r-1', 0, null, 'draft', '2026-03-01T16:59:59Z');
      await move('r-1', 1, 'draft', 'submitted', '2026-03-01T17:00:30Z'); // 31 s, next day in Vietnam
      await migrator.up();

      const before = await expectedCells(db.query);
      expect(before).toEqual({
        [`cd-thon2|2026-03-02|branch-review|draft|${durationBucket(31)}`]: 1,
        [`tradoc|2026-03-02|member-transfer|sourceBranch|${durationBucket(7 * 3600)}`]: 1,
        [`tradoc|2026-03-04|member-transfer|*|${durationBucket(61.5 * 3600)}`]: 1,
        [`tradoc|2026-03-04|member-transfer|sourceBase|${durationBucket(54.5 * 3600)}`]: 1,
      });
      expect(await rolledUp(db.query)).toEqual(before);
      expect(await db.query('select * from report_transfers')).toEqual([
        {
          instance_id: 't-1',
          source_unit_id: 'cd-thon2',
          source_base_id: 'tradoc',
          destination_base_id: 'phuong-an-hai',
          day: expect.any(Date),
          completed: true,
        },
      ]);
      // The database's buckets are this file's, over twelve orders of magnitude.
      const probes = Array.from({ length: 200 }, (_, i) => 0.5 * 1.17 ** i);
      const [buckets] = await db.query<{ buckets: number[] }>(
        'select array_agg(report_duration_bucket(s) order by n) as buckets from unnest($1::float8[]) with ordinality u(s, n)',
        [probes],
      );
      expect(buckets!.buckets).toEqual(probes.map(durationBucket));

      // Writers after the migration: a move, a finish, a second transfer, then a case deleted whole.
      await move('r-1', 2, 'submitted', 'rated', '2026-03-09T02:00:00Z');
      await db.query(
        `update instances set status = 'done', updated_at = '2026-03-09T02:00:00Z' where id = 'r-1'`,
      );
      await instance('t-2', 'member-transfer', 'active', 'tradoc', { ...route, destinationBaseId: 'dn' });
      await move('t-2', 0, null, 'sourceBranch', '2026-03-05T01:00:00Z');
      await move('t-2', 1, 'sourceBranch', 'sourceBase', '2026-03-05T01:20:00Z');
      await move('u-1', 2, 'closed', 'reopened', '2026-03-06T20:00:00Z');
      await db.query(`update instances set status = 'active' where id = 'u-1'`);
      await db.query(`update instances set status = 'done' where id = 'u-1'`);
      expect(await rolledUp(db.query)).toEqual(await expectedCells(db.query));
      expect(await foldStepTimes(db.query, 2)).toBeGreaterThan(2);
      expect(await db.query('select 1 from report_step_time_deltas')).toEqual([]);
      expect(await rolledUp(db.query)).toEqual(await expectedCells(db.query));

      await db.query(`delete from history where instance_id = 't-1'`);
      await db.query(`delete from instances where id = 't-1'`);
      await foldStepTimes(db.query, 100);
      expect(await rolledUp(db.query)).toEqual(await expectedCells(db.query));
      expect(
        (await db.query<{ instance_id: string }>('select instance_id from report_transfers')).map(
          (r) => r.instance_id,
        ),
      ).toEqual(['t-2']);
    } finally {
      await db.close();
    }
  });
});

describe('the rollup under the runtime', () => {
  const schema = uniqueName('rt_rollups');
  const clock = new TestClock('2026-03-02T02:00:00Z');
  let runtime: HostedRuntime;
  beforeAll(async () => {
    runtime = await openRuntime({ schema, clock });
  });
  afterAll(async () => {
    await runtime?.close();
    await dropSchema(schema);
  });

  it('counts every decision once, whoever folds and however often', async () => {
    const walks = await Promise.all(
      Array.from({ length: 6 }, () => runtime.start('member-transfer', transferInput, person('p-an'))),
    );
    for (const [index, view] of walks.entries()) {
      clock.advanceDays(0.3 + index / 10);
      await runtime.send(view.id, { type: 'SUBMIT' }, person('p-an'));
    }
    // Two folders at once, in small batches, while decisions are still being written.
    const folding = Promise.all([foldStepTimes(runtime.db.query, 1), foldStepTimes(runtime.db.query, 2)]);
    clock.advanceDays(1.2);
    await Promise.all(
      walks.map((view) =>
        runtime.send(
          view.id,
          { type: 'CONFIRM', payload: { duesPaidThrough: '2026-02', memberBookComment: 'Tốt' } },
          person('p-binh'),
        ),
      ),
    );
    await folding;
    expect(await rolledUp(runtime.db.query, false)).toEqual(await expectedCells(runtime.db.query, false));
    await foldStepTimes(runtime.db.query, 1_000);
    expect(await runtime.db.query('select 1 from report_step_time_deltas')).toEqual([]);
    const cells = await rolledUp(runtime.db.query, false);
    expect(cells).toEqual(await expectedCells(runtime.db.query, false));
    expect(Object.values(cells).reduce((sum, moves) => sum + moves, 0)).toBe(12);
  });
});

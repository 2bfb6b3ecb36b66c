import {
  demoDirectoryData,
  person,
  replay,
  WorkflowRegistry,
  type HistoryEntry,
  type InstanceSnapshot,
} from '@doanflow/engine';
import { afterAll, describe, expect, it } from 'vitest';
import { entryOf, type HistoryRow } from '../../src/runner/rows.ts';
import { createRuntime, type HostedRuntime } from '../../src/runtime-factory.ts';
import { parallelReview } from '../support/parallel-workflow.ts';
import { dropSchema, openRuntime, TestClock, uniqueName } from './support.ts';

/**
 * A parallel state's snapshot through jsonb and back: the stored value, read back, is the engine's
 * snapshot byte for byte (regions and context keys in the engine's order), the state name the
 * server keeps is the engine's, and replaying the history gives the same bytes again — on real
 * PostgreSQL and on embedded PGlite.
 */
const registry = new WorkflowRegistry([parallelReview]);
const opened: { runtime: HostedRuntime; schema?: string }[] = [];
afterAll(async () => {
  for (const { runtime, schema } of opened) {
    await runtime.close();
    if (schema) await dropSchema(schema);
  }
});

const backends = {
  PostgreSQL: async (clock: TestClock) => {
    const schema = uniqueName('rt_snapshot');
    const runtime = await openRuntime({ schema, clock, registry });
    opened.push({ runtime, schema });
    return runtime;
  },
  PGlite: async (clock: TestClock) => {
    const runtime = await createRuntime({ registry, directory: demoDirectoryData, clock, log: () => {} });
    opened.push({ runtime });
    return runtime;
  },
};

async function stored(runtime: HostedRuntime, id: string) {
  const [row] = await runtime.db.query<{ snapshot: InstanceSnapshot; raw: string; state: string }>(
    'select snapshot, snapshot::text as raw, state from instances where id = $1',
    [id],
  );
  const history = await runtime.db.query<HistoryRow>(
    'select * from history where instance_id = $1 order by seq',
    [id],
  );
  return { ...row!, entries: history.map(entryOf) as HistoryEntry[] };
}

describe.each(Object.entries(backends))('a parallel state through %s', (_name, open) => {
  it('reads back the engine snapshot byte for byte, and replay after the round trip matches it', async () => {
    const clock = new TestClock('2026-03-02T02:00:00Z');
    const runtime = await open(clock);
    const started = await runtime.start(
      'parallel-review',
      { branchId: 'cd-thon2', memberId: 'p-an' },
      person('p-binh'),
    );
    const id = started.id;
    const after = async () => {
      const row = await stored(runtime, id);
      const replayed = replay(parallelReview, id, row.entries);
      // What the server holds is what the engine makes of the history, to the byte.
      expect(JSON.stringify(row.snapshot)).toBe(JSON.stringify(replayed));
      expect(row.state).toBe(replayed.state);
      return { row, replayed };
    };

    const first = await after();
    expect(first.replayed.state).toBe('review.approval.pending|review.zeta.pending');
    // jsonb itself reorders (shorter keys first): the canonical reading is what makes them equal.
    expect(first.row.raw.indexOf('"zeta"')).toBeLessThan(first.row.raw.indexOf('"approval"'));
    expect(Object.keys((first.row.snapshot.machine.value as Record<string, object>)['review']!)).toEqual([
      'approval',
      'zeta',
    ]);

    clock.set('2026-03-03T02:00:00Z');
    const zeta = await runtime.send(id, { type: 'ZETA_OK', payload: { note: 'Đủ hồ sơ' } }, person('p-binh'));
    expect(zeta.state).toBe('review.approval.pending|review.zeta.checked');
    await after();
    // Each command loads the snapshot back from the database before the engine moves it on.
    clock.set('2026-03-04T02:00:00Z');
    const approved = await runtime.send(
      id,
      { type: 'APPROVAL_OK', payload: { note: 'Đồng ý' } },
      person('p-binh'),
    );
    expect(approved.state).toBe('review.approval.checked|review.zeta.checked');
    const { row, replayed } = await after();
    expect(row.snapshot.machine.context).toEqual({
      ab: { a: 2, z: 1 },
      branchId: 'cd-thon2',
      memberId: 'p-an',
      zetaNote: 'Đủ hồ sơ',
    });
    expect(row.entries.map((entry) => entry.to)).toEqual([
      'review.approval.pending|review.zeta.pending',
      'review.approval.pending|review.zeta.checked',
      'review.approval.checked|review.zeta.checked',
    ]);
    const closed = await runtime.send(id, { type: 'CLOSE' }, person('p-binh'));
    expect(closed).toMatchObject({ state: 'closed', status: 'done' });
    expect(replayed.status).toBe('active');
    await after();
  }, 60_000);
});

import { person } from '@doanflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { dropSchema, openRuntime, startTransfers, TestClock, uniqueName } from './support.ts';

/**
 * A decision's first read (runner/send-reads.ts) on real PostgreSQL: the reads of decisions that
 * arrive together leave as one statement, and each decision still gets its own row, key and
 * delegations.
 */
const schema = uniqueName('rt_send_reads');
const clock = new TestClock('2026-03-02T02:00:00Z');
let runtime: HostedRuntime;

beforeAll(async () => {
  runtime = await openRuntime({ schema, clock });
});
afterAll(async () => {
  await runtime?.close();
  await dropSchema(schema);
});

const startMany = (count: number) => startTransfers(runtime, count);

describe("a decision's first read", () => {
  it('reads decisions that arrive together in one statement, each answered from its own row and key', async () => {
    const ids = await startMany(4);
    const keyed = await runtime.send(ids[0]!, { type: 'SUBMIT' }, person('p-an'), { idempotencyKey: 'r-1' });
    const before = { ...runtime.sendReads.stats };
    const [replayed, ...outcomes] = await Promise.allSettled([
      runtime.send(ids[0]!, { type: 'SUBMIT' }, person('p-an'), { idempotencyKey: 'r-1' }),
      ...ids.slice(1).map((id) => runtime.send(id, { type: 'SUBMIT' }, person('p-an'))),
      runtime.send('no-such-instance', { type: 'SUBMIT' }, person('p-an')),
      // Not a party to this transfer: the same row, read for someone who may not see it.
      runtime.send(ids[1]!, { type: 'SUBMIT' }, person('p-vy')),
    ]);
    expect(runtime.sendReads.stats.statements - before.statements).toBe(1);
    expect(runtime.sendReads.stats.reads - before.reads).toBe(6);
    expect(replayed).toEqual({ status: 'fulfilled', value: keyed });
    const [one, two, three, missing, unseen] = outcomes;
    for (const [index, outcome] of [one, two, three].entries()) {
      expect(outcome).toMatchObject({ status: 'fulfilled', value: { id: ids[index + 1], revision: 2 } });
    }
    expect(missing).toMatchObject({ status: 'rejected', reason: { code: 'NOT_FOUND' } });
    expect(unseen).toMatchObject({ status: 'rejected', reason: { code: 'NOT_FOUND' } });
    const [row] = await runtime.db.query<{ n: string }>(
      `select count(*) as n from history where instance_id = any($1::text[])`,
      [ids],
    );
    // Four starts, four submits (the replayed one and the unseen one wrote nothing).
    expect(Number(row!.n)).toBe(8);
  });

  it("gives each read in a statement its own caller's delegations in force that day", async () => {
    await runtime.delegations.create(person('p-nga'), {
      delegateId: 'p-uyen',
      role: 'baseSecretary',
      unitId: 'hoachau',
      from: '2026-03-02',
      until: '2026-03-06',
    });
    const [id] = await startMany(1);
    const read = (personId: string, day: string) => runtime.sendReads.read([id!, null, null, personId, day]);
    const before = { ...runtime.sendReads.stats };
    const [delegate, other, after] = await Promise.all([
      read('p-uyen', '2026-03-03'),
      read('p-an', '2026-03-03'),
      read('p-uyen', '2026-03-07'),
    ]);
    expect(runtime.sendReads.stats.statements - before.statements).toBe(1);
    expect(delegate).toMatchObject({ id, revision: 1, key_hash: null });
    expect(delegate!.delegations).toMatchObject([
      { holderId: 'p-nga', delegateId: 'p-uyen', role: 'baseSecretary' },
    ]);
    expect(other!.delegations).toEqual([]);
    expect(after!.delegations).toEqual([]);
  });

  it('fails every read of a statement the database refused, and serves the next ones', async () => {
    const [id] = await startMany(1);
    // A day that is no date: the statement fails as a whole, as each read alone would have.
    const failed = await Promise.allSettled([
      runtime.sendReads.read([id!, null, null, 'p-an', 'not-a-day']),
      runtime.sendReads.read([id!, null, null, 'p-an', '2026-03-02']),
    ]);
    expect(failed.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    expect(await runtime.sendReads.read([id!, null, null, 'p-an', '2026-03-02'])).toMatchObject({ id });
  });
});

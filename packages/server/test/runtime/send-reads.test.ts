import { person } from '@doanflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { SendReads, type SendReadParams } from '../../src/runner/send-reads.ts';
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

  it('fails a read queued behind two statements PostgreSQL does not answer once it has waited its limit', async () => {
    const [id] = await startMany(1);
    const reads = new SendReads(runtime.db.query, { queuedLimitMs: 300 });
    const params: SendReadParams = [id!, null, null, 'p-an', '2026-03-02'];
    const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
    // Another session holds `instances` locked: the reads' statements get no answer meanwhile.
    let locked!: () => void;
    let release!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const held = new Promise<void>((resolve) => (release = resolve));
    const holder = runtime.db.transaction(async (query) => {
      await query('lock table instances in access exclusive mode');
      locked();
      await held;
    });
    await isLocked;
    const settled: string[] = [];
    const track = (name: string, read: Promise<unknown>) =>
      read.then(
        () => settled.push(`${name} read`),
        () => settled.push(`${name} failed`),
      );
    // Two reads in two turns: two statements on their way, the most there may be.
    const first = reads.read(params);
    void track('first', first);
    await nextTurn();
    const second = reads.read(params);
    void track('second', second);
    await nextTurn();
    const queuedAt = performance.now();
    const queued = reads.read(params);
    void track('queued', queued);
    const failure = await queued.then(
      () => null,
      (error: unknown) => error,
    );
    const waitedMs = performance.now() - queuedAt;
    try {
      expect(failure).toMatchObject({
        code: 'UNAVAILABLE',
        details: { reason: 'unreachable' },
      });
      expect(waitedMs).toBeGreaterThanOrEqual(295);
      expect(waitedMs).toBeLessThan(2_000);
      // The two on their way still wait for PostgreSQL; the failed read was never sent.
      expect(settled).toEqual(['queued failed']);
      expect(reads.stats).toEqual({ statements: 2, reads: 2, expired: 1 });
    } finally {
      release();
      await holder;
    }
    expect(await Promise.all([first, second])).toMatchObject([{ id }, { id }]);
    expect(await reads.read(params)).toMatchObject({ id });
    expect(reads.stats).toEqual({ statements: 3, reads: 3, expired: 1 });
  });
});

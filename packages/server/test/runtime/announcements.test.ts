import { person } from '@doanflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../../src/runner/contract.ts';
import { ANNOUNCE_GAP_MS } from '../../src/runner/announcer.ts';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { dropSchema, nextChange, openRuntime, startTransfers, TestClock, uniqueName } from './support.ts';

const schema = uniqueName('rt_announce');
const clock = new TestClock('2026-03-02T02:00:00Z');
let a: HostedRuntime;
let b: HostedRuntime;

beforeAll(async () => {
  // Two runtimes with separate pools, as two server processes would be.
  a = await openRuntime({ schema, clock, poolSize: 4 });
  b = await openRuntime({ schema, clock, poolSize: 4 });
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await dropSchema(schema);
});

const turn = () => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every change `runtime`'s subscribers receive, until stopped. */
function collect(runtime: HostedRuntime) {
  const changes: ChangeEvent[] = [];
  const stop = runtime.subscribe((change) => changes.push(change));
  return { changes, stop };
}

describe('announcing commits to other processes (NOTIFY)', () => {
  it('gathers the changes of commits close in time into few statements, and every change arrives', async () => {
    const ids = await startTransfers(a, 24);
    await sleep(ANNOUNCE_GAP_MS * 2);
    const seenByB = collect(b);
    const seenByA = collect(a);
    const before = { ...a.announcer.stats };
    const began = performance.now();
    // 24 decisions one after another: each commits alone, a few milliseconds after the one before.
    for (const id of ids) await a.send(id, { type: 'SUBMIT' }, person('p-an'));
    const elapsed = performance.now() - began;
    const last = ids.at(-1)!;
    await nextChange(b, (change) => change.instanceId === last && change.state === 'sourceBranch').catch(
      () => undefined,
    );
    await a.announcer.sent();
    const deadline = Date.now() + 5_000;
    while (seenByB.changes.length < 24 && Date.now() < deadline) await sleep(10);
    seenByB.stop();
    seenByA.stop();

    const statements = a.announcer.stats.statements - before.statements;
    expect(a.announcer.stats.messages - before.messages).toBe(24);
    // One statement per gap at most (the first at once), not one per commit as before (24).
    expect(statements).toBeLessThanOrEqual(Math.floor(elapsed / ANNOUNCE_GAP_MS) + 2);
    expect(statements).toBeLessThanOrEqual(12);
    // The other process received each decision once; this one too, from its own commits and not
    // again from its own NOTIFY.
    const submitted = (changes: ChangeEvent[]) =>
      changes.filter((change) => ids.includes(change.instanceId) && change.state === 'sourceBranch');
    expect(new Set(submitted(seenByB.changes).map((change) => change.instanceId)).size).toBe(24);
    expect(submitted(seenByB.changes)).toHaveLength(24);
    expect(submitted(seenByA.changes)).toHaveLength(24);
  });

  it("an idle server's change leaves at the end of its turn, without waiting for the gap", async () => {
    const [id] = await startTransfers(a, 1);
    await sleep(ANNOUNCE_GAP_MS * 2);
    await a.announcer.sent();
    const before = a.announcer.stats.statements;
    const seen = nextChange(b, (change) => change.instanceId === id && change.state === 'sourceBranch');
    await a.send(id!, { type: 'SUBMIT' }, person('p-an'));
    await turn();
    expect(a.announcer.stats.statements).toBe(before + 1);
    await expect(seen).resolves.toMatchObject({ revision: 2 });
  });

  it('a runtime closed within the gap sends what waits before its pool ends', async () => {
    const leaving = await openRuntime({ schema, clock, poolSize: 2, announceGapMs: 60_000 });
    const [first, second] = await startTransfers(leaving, 2);
    const seen = Promise.all(
      [first!, second!].map((id) =>
        nextChange(b, (change) => change.instanceId === id && change.state === 'sourceBranch'),
      ),
    );
    await leaving.send(first!, { type: 'SUBMIT' }, person('p-an'));
    // The second waits for a gap of a minute; close() must not.
    await leaving.send(second!, { type: 'SUBMIT' }, person('p-an'));
    const closing = performance.now();
    await leaving.close();
    expect(performance.now() - closing).toBeLessThan(10_000);
    await expect(seen).resolves.toHaveLength(2);
  });
});

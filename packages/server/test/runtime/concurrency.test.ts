import { applyEvent, person } from '@doanflow/engine';
import type { InstanceRow } from '../../src/runner/rows.ts';
import { writeStep } from '../../src/runner/step-writer.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import {
  auditInstance,
  dropSchema,
  nextChange,
  openRuntime,
  rowCounts,
  TestClock,
  transferInput,
  uniqueName,
} from './support.ts';

const schema = uniqueName('rt_concurrency');
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

describe('two runtimes on one database', () => {
  it('serialises a burst of concurrent events; every history replays to its snapshot', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i += 1)
      ids.push((await a.start('member-transfer', transferInput, person('p-an'))).id);
    // Each instance gets SUBMIT and WITHDRAW races from both runtimes, plus stale-revision writers.
    const attempts = ids.flatMap((id) => [
      a.send(id, { type: 'SUBMIT' }, person('p-an')),
      b.send(id, { type: 'SUBMIT' }, person('p-an')),
      a.send(id, { type: 'WITHDRAW' }, person('p-an')),
      b.send(id, { type: 'WITHDRAW' }, person('p-an')),
      a.send(id, { type: 'SUBMIT' }, person('p-binh'), { expectedRevision: 1 }),
      b.send(id, { type: 'SUBMIT' }, person('p-binh'), { expectedRevision: 1 }),
    ]);
    const settled = await Promise.allSettled(attempts);
    const accepted = settled.filter((result) => result.status === 'fulfilled').length;
    const refusals = settled.flatMap((result) =>
      result.status === 'rejected' ? [(result.reason as { code?: string }).code] : [],
    );
    expect(refusals.every((code) => code === 'EVENT_NOT_ALLOWED' || code === 'STALE_REVISION')).toBe(true);

    let historyRows = 0;
    for (const id of ids) {
      const audit = await auditInstance(b, id);
      expect(audit.replayed).toEqual(audit.stored);
      expect(audit.brokenAt).toBeNull();
      expect(audit.lastHashMatches).toBe(true);
      expect(audit.revision).toBe(audit.entries.length);
      expect(audit.entries.map((entry) => entry.seq)).toEqual(audit.entries.map((_, index) => index));
      historyRows += audit.entries.length - 1;
      // Whatever the interleaving, each instance ends withdrawn.
      expect(audit.stored.state).toBe('withdrawn');
    }
    expect(historyRows).toBe(accepted);
  });

  it('applies a decision once when retries race their original with the same Idempotency-Key', async () => {
    const view = await a.start('member-transfer', transferInput, person('p-an'));
    // A portal that timed out and retried through both servers while the first request was in flight.
    const answers = await Promise.all(
      [a, b, a, b, a, b].map((runtime) =>
        runtime.send(view.id, { type: 'SUBMIT' }, person('p-an'), { idempotencyKey: 'race-1' }),
      ),
    );
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    const audit = await auditInstance(a, view.id);
    expect(audit.entries.map((entry) => entry.type)).toEqual(['$start', 'SUBMIT']);
    expect(audit.revision).toBe(2);
  });

  it('writes nothing at all for a step computed from a revision that moved meanwhile', async () => {
    const view = await a.start('member-transfer', transferInput, person('p-an'));
    const [row] = await a.db.query<InstanceRow>('select * from instances where id = $1', [view.id]);
    const stale = a.build(
      row!,
      applyEvent(
        a.registry.get('member-transfer'),
        row!.snapshot,
        { type: 'WITHDRAW' },
        {
          principal: person('p-an'),
          directory: a.cache.directory,
          clock,
        },
      ),
    );
    await b.send(view.id, { type: 'SUBMIT' }, person('p-an'));
    const before = await rowCounts(a);
    expect(await writeStep(a.db.query, stale.write)).toBe(false);
    expect(await rowCounts(a)).toEqual(before);
    expect((await a.get(view.id, person('p-an'))).state).toBe('sourceBranch');
  });

  it("announces one runtime's commits to the other's subscribers", async () => {
    const view = await a.start('member-transfer', transferInput, person('p-an'));
    const seen = nextChange(b, (change) => change.instanceId === view.id && change.state === 'sourceBranch');
    await a.send(view.id, { type: 'SUBMIT' }, person('p-an'));
    await expect(seen).resolves.toMatchObject({ revision: 2, personIds: ['p-an'] });
  });

  it('a runtime that closes right after a decision still sends its announcement, and logs nothing', async () => {
    const logged: unknown[] = [];
    const leaving = await openRuntime({ schema, clock, poolSize: 2, log: (...args) => logged.push(args) });
    const view = await leaving.start('member-transfer', transferInput, person('p-an'));
    const seen = nextChange(b, (change) => change.instanceId === view.id && change.state === 'sourceBranch');
    await leaving.send(view.id, { type: 'SUBMIT' }, person('p-an'));
    // Closed at once, as on SIGTERM: the pool must not end under the NOTIFY still on its way.
    await leaving.close();
    await expect(seen).resolves.toMatchObject({ revision: 2 });
    expect(logged).toEqual([]);
  });
});

import type { HistoryEntry } from '@doanflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/persistence/hash-chain.ts';
import type { HistoryView } from '../../src/runner/contract.ts';
import { auditInstance, openServer, TestClock, type E2eServer } from './support.ts';

const request = {
  memberId: 'p-an',
  kind: 'permanent',
  sourceBranchId: 'cd-thon2',
  destinationBaseId: 'hoachau',
  reason: 'Chuyển nơi làm việc về Đà Nẵng',
};
const referral = { issuedOn: '2026-03-02' };

// One clock for both processes, as two machines agreeing on the time.
const clock = new TestClock('2026-03-02T02:00:00Z');
let a: E2eServer;
let b: E2eServer;

beforeAll(async () => {
  // Two server processes: separate pools, Redis connections and timer workers; one schema, one prefix.
  a = await openServer('twoservers', { clock, poolSize: 4 });
  b = await openServer('twoservers', { clock, poolSize: 4, schema: a.schema, queuePrefix: a.prefix });
});
afterAll(async () => {
  await b?.close({ drop: false });
  await a?.close();
});

/** What an auditor gets over HTTP, checked against the hash chain without the database. */
function chainOf(items: HistoryView[]) {
  // The actor as hashed: without the words the view adds (a signed paper keeps its signature).
  return items.map(
    ({
      hash,
      prevHash,
      acting: _acting,
      actor: { name: _name, unitName: _unit, roleLabel: _role, ...actor },
      ...entry
    }) => ({
      entry: { ...entry, actor } as HistoryEntry,
      prevHash,
      hash,
    }),
  );
}

describe('two server processes on one PostgreSQL and one Redis', () => {
  const ids: string[] = [];

  it('serialises a burst of concurrent decisions: each accepted once or refused with 409', async () => {
    for (let i = 0; i < 6; i += 1) {
      const { id } = await a.http.started('p-an', 'member-transfer', request);
      await b.http.sent('p-an', id, 'SUBMIT');
      await a.http.sent('p-binh', id, 'CONFIRM', { duesPaidThrough: '2026-02', memberBookComment: 'Tốt' });
      ids.push(id);
    }
    // Per instance (at revision 3, waiting for the referral): three officers race on the revision they
    // saw, two more send without one, alternating between the servers.
    const attempts = ids.flatMap((id) => [
      {
        id,
        at: 3,
        request: () =>
          a.http.send('p-hieu', id, { type: 'ISSUE_REFERRAL', payload: referral, expectedRevision: 3 }),
      },
      {
        id,
        at: 3,
        request: () =>
          b.http.send('p-khanh', id, { type: 'ISSUE_REFERRAL', payload: referral, expectedRevision: 3 }),
      },
      {
        id,
        at: 3,
        request: () =>
          a.http.send('p-hieu', id, {
            type: 'RETURN_TO_BRANCH',
            payload: { reason: 'Thiếu nhận xét' },
            expectedRevision: 3,
          }),
      },
      {
        id,
        at: null,
        request: () => b.http.send('p-hieu', id, { type: 'ISSUE_REFERRAL', payload: referral }),
      },
      { id, at: null, request: () => a.http.send('p-an', id, { type: 'WITHDRAW' }) },
    ]);
    const answers = (await Promise.all(attempts.map((attempt) => attempt.request()))).map((answer) => ({
      status: answer.status,
      body: answer.body as unknown as Record<string, unknown>,
    }));
    // Every refusal is a 409: the revision was stale, or the state had moved on.
    const outcomes = answers.map((answer) =>
      answer.status === 200 ? 'accepted' : `${answer.status} ${String(answer.body['code'])}`,
    );
    for (const outcome of outcomes) {
      expect(['accepted', '409 STALE_REVISION', '409 EVENT_NOT_ALLOWED']).toContain(outcome);
    }

    let accepted = 0;
    for (const id of ids) {
      const mine = attempts.flatMap((attempt, index) => (attempt.id === id ? [answers[index]!] : []));
      const ok = mine.filter((answer) => answer.status === 200);
      accepted += ok.length;
      // Of the three that named revision 3, at most one went through; the accepted answers saw
      // consecutive revisions.
      expect(mine.slice(0, 3).filter((answer) => answer.status === 200).length).toBeLessThanOrEqual(1);
      expect(ok.map((answer) => answer.body['revision']).sort()).toEqual(ok.map((_, index) => 4 + index));
      const stale = mine.filter((answer) => answer.body['code'] === 'STALE_REVISION');
      for (const answer of stale) {
        expect((answer.body['details'] as { currentRevision: number }).currentRevision).toBeGreaterThan(3);
      }
    }
    expect(accepted).toBeGreaterThanOrEqual(ids.length);

    let historyRows = 0;
    for (const id of ids) {
      const history = await b.http.history('p-hieu', id);
      historyRows += history.body.items.length - 3;
      const view = await a.http.get('p-hieu', id);
      expect(view.body.revision).toBe(history.body.items.length);
    }
    expect(historyRows).toBe(accepted);
  });

  it('fires each timer once when both workers and both reconcilers race for it', async () => {
    const timers = await a.runtime.db.query<{ id: string; instance_id: string; due: Date }>(
      `select id, instance_id, due from timers where status = 'pending' and instance_id = any($1)`,
      [ids],
    );
    // Whichever instances ended in transit have their referral's validity pending; make sure some do.
    const extra = await a.http.started('p-an', 'member-transfer', request);
    await b.http.sent('p-an', extra.id, 'SUBMIT');
    await a.http.sent('p-binh', extra.id, 'CONFIRM', {
      duesPaidThrough: '2026-02',
      memberBookComment: 'Tốt',
    });
    const issued = await b.http.sent('p-hieu', extra.id, 'ISSUE_REFERRAL', referral);
    ids.push(extra.id);
    const all = [...timers.map((timer) => timer.id), issued.timers[0]!.id];

    clock.set(issued.timers[0]!.due);
    await Promise.all([
      ...all.map((timerId) => a.runtime.timers!.promote(timerId)),
      a.runtime.reconcile(),
      b.runtime.reconcile(),
    ]);
    await expect
      .poll(
        async () =>
          (await a.runtime.db.query(`select 1 from timers where status = 'pending' and id = any($1)`, [all]))
            .length,
        { timeout: 10_000 },
      )
      .toBe(0);
    const expired = await b.runtime.db.query<{ instance_id: string; n: string }>(
      `select instance_id, count(*) as n from history where type = 'REFERRAL_EXPIRED' and instance_id = any($1)
       group by instance_id`,
      [ids],
    );
    expect(expired.map((row) => Number(row.n))).toEqual(all.map(() => 1));
    const fired = await a.runtime.db.query<{ status: string }>(
      'select status from timers where id = any($1)',
      [all],
    );
    expect(fired.map((row) => row.status)).toEqual(all.map(() => 'fired'));
  });

  it('leaves every history replaying to its stored snapshot, with a hash chain that verifies over HTTP', async () => {
    for (const id of ids) {
      const audit = await auditInstance(a.runtime, id);
      expect(audit.replayed).toEqual(audit.stored);
      expect(audit.brokenAt).toBeNull();
      expect(audit.lastHashMatches).toBe(true);
      expect(audit.revision).toBe(audit.entries.length);
      expect(audit.entries.map((entry) => entry.seq)).toEqual(audit.entries.map((_, index) => index));

      const history = await b.http.history('p-ha', id);
      expect(verifyChain(chainOf(history.body.items))).toBeNull();
      // A tampered copy does not verify.
      const tampered = chainOf(history.body.items);
      tampered[1]!.entry = {
        ...tampered[1]!.entry,
        actor: { ...tampered[1]!.entry.actor, personId: 'p-dung' },
      };
      expect(verifyChain(tampered)).toBe(1);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdf } from '../support/files.ts';
import type { ChangeEvent } from '../../src/runner/contract.ts';
import { openSse } from '../support/sse.ts';
import { bearer, openServer, TestClock, type E2eServer } from '../e2e/support.ts';

/**
 * Bỏ phiếu kín over HTTP on real PostgreSQL: a deployment whose award rounds vote by secret ballot.
 * The history, the summary and the outbox (which feeds webhooks and the SSE stream) name who voted,
 * never how; the server's ballot box holds the choices without voters and is counted when the vote
 * closes, the count kept in the history.
 */
const clock = new TestClock('2026-02-11T02:00:00Z');
let server: E2eServer;
let address: string;

beforeAll(async () => {
  server = await openServer('secret_ballot', {
    clock,
    redis: false,
    policy: {
      'award-campaign': { secretBallot: true },
      'award-nomination': { requiredDocuments: ['requestLetter'] },
    },
  });
  address = await server.app.listen({ port: 0, host: '127.0.0.1' });
}, 60_000);
afterAll(async () => server?.close());

const personForm = { id: 'can-bo-tieu-bieu', name: 'Cán bộ Đoàn tiêu biểu', nomineeKind: 'person' };
const council = ['p-ha', 'p-tuan', 'p-nga', 'p-long', 'p-oanh'];

async function inCouncil(campaignId: string, personId: string) {
  const { http } = server;
  const nomination = await http.started('p-hieu', 'award-nomination', {
    campaignId,
    nominatingUnitId: 'tradoc',
    awardFormId: personForm.id,
    nominee: { kind: 'person', personId },
  });
  const file = await http.uploaded('p-hieu', nomination.id, 'requestLetter', 'Tờ trình.pdf', pdf('Tờ trình'));
  await http.sent('p-hieu', nomination.id, 'ADD_DOCUMENT', {}, { attachments: [file] });
  await http.sent('p-hieu', nomination.id, 'RECORD_RATING', {
    year: 2025,
    rating: 'excellent',
    disciplined: false,
  });
  await http.sent('p-hieu', nomination.id, 'SUBMIT');
  await http.sent('p-yen', nomination.id, 'ACCEPT_DOSSIER');
  return nomination.id;
}

const ballotBox = (instanceId: string) =>
  server.runtime.db.query<{ choice: string; votes: number }>(
    'select choice, votes from ballot_box where instance_id = $1 order by choice',
    [instanceId],
  );

describe('bỏ phiếu kín: ghi nhận ai đã bỏ phiếu, không ghi nhận bỏ phiếu thế nào', () => {
  it('council members vote; history, summary and outbox show voters, no choice; the ranked list follows the box', async () => {
    const { http, runtime } = server;
    const round = await http.started('p-yen', 'award-campaign', {
      awardingUnitId: 'dn',
      name: 'Đợt xét khen thưởng 26/3/2026 (bỏ phiếu kín)',
      awardForms: [personForm],
      quotas: { tradoc: 2 },
      deadline: '2026-03-10T10:00:00.000Z',
    });
    // The live stream (SSE) as the standing secretary's portal reads it while the council votes.
    const stream = await openSse(`${address}/events`, await bearer('p-yen'));
    await stream.next((event) => event.type === 'ready');
    const thao = await inCouncil(round.id, 'p-thao');
    const trang = await inCouncil(round.id, 'p-trang');
    // Thảo: five yes. Trang: three yes, one no, one abstention.
    const choices: Record<string, string[]> = {
      [thao]: ['yes', 'yes', 'yes', 'yes', 'yes'],
      [trang]: ['yes', 'no', 'yes', 'abstain', 'yes'],
    };
    // The first vote comes with an Idempotency-Key. A retry is replayed whatever choice it carries:
    // the key's stored request hash leaves the choice out (a hash of one of three would reveal it).
    const revision = (await http.get('p-ha', thao)).body.revision;
    const keyed = (vote: string) =>
      http.send(
        'p-ha',
        thao,
        { type: 'CAST_VOTE', payload: { vote }, expectedRevision: revision },
        { 'idempotency-key': 'phieu-p-ha' },
      );
    const first = await keyed('yes');
    expect(first.status).toBe(200);
    const retried = await keyed('no');
    expect({ status: retried.status, body: retried.body }).toEqual({ status: 200, body: first.body });
    // Five copies of one member's vote at once: exactly one is written and counted.
    const copies = await Promise.all(
      Array.from({ length: 5 }, () =>
        http.send('p-oanh', trang, { type: 'CAST_VOTE', payload: { vote: 'yes' } }),
      ),
    );
    expect(copies.filter((answer) => answer.status === 200)).toHaveLength(1);
    expect(await ballotBox(trang)).toEqual([{ choice: 'yes', votes: 1 }]);
    for (const [id, votes] of Object.entries(choices)) {
      for (const [i, voter] of council.entries()) {
        if (id === thao && voter === 'p-ha') continue;
        if (id === trang && voter === 'p-oanh') continue;
        await http.sent(voter, id, 'CAST_VOTE', { vote: votes[i] });
      }
    }
    expect(await ballotBox(thao)).toEqual([{ choice: 'yes', votes: 5 }]);

    // A second vote by the same member is refused, and the box is as it was.
    const before = await ballotBox(trang);
    const again = await http.send('p-ha', trang, { type: 'CAST_VOTE', payload: { vote: 'no' } });
    expect({ status: again.status, code: (again.body as unknown as { code: string }).code }).toEqual({
      status: 422,
      code: 'EVENT_NOT_ALLOWED',
    });
    expect(await ballotBox(trang)).toEqual(before);
    // A vote that is not a choice is refused before anything goes into the box.
    const bad = await http.send('p-yen', trang, { type: 'CAST_VOTE', payload: { vote: 'maybe' } });
    expect({ status: bad.status, code: (bad.body as unknown as { code: string }).code }).toEqual({
      status: 400,
      code: 'INVALID_PAYLOAD',
    });
    expect(await ballotBox(trang)).toEqual(before);
    expect(before).toEqual([
      { choice: 'abstain', votes: 1 },
      { choice: 'no', votes: 1 },
      { choice: 'yes', votes: 3 },
    ]);

    const view = await http.get('p-hieu', trang);
    expect([...(view.body.summary['votedBy'] as string[])].sort()).toEqual([...council].sort());
    const history = await http.history('p-yen', trang);
    const votes = history.body.items.filter((entry) => entry.type === 'CAST_VOTE');
    expect(votes.map((entry) => entry.actor.personId).sort()).toEqual([...council].sort());
    for (const entry of votes) expect(entry.payload).toEqual({});
    // Nowhere stored beside the box: not the history, the snapshot, nor the outbox (webhooks, SSE).
    const stored = await runtime.db.query<{ text: string }>(
      `select payload::text as text from history where instance_id = any($1)
       union all select snapshot::text from instances where id = any($1)
       union all select payload::text from outbox where payload->>'instanceId' = any($1)`,
      [[thao, trang]],
    );
    expect(stored.length).toBeGreaterThan(10);
    for (const row of stored) expect(row.text).not.toMatch(/"vote"\s*:/);

    for (const id of [thao, trang]) await http.sent('p-ha', id, 'CLOSE_VOTE');
    // The count is kept in the history: replay needs no query.
    const [closing] = await runtime.db.query<{ facts: unknown }>(
      `select facts from history where instance_id = $1 and type = 'CLOSE_VOTE'`,
      [trang],
    );
    expect(closing!.facts).toEqual({ ballotBox: { yes: 3, no: 1, abstain: 1 } });
    await stream.next(
      (event) =>
        (event.data as ChangeEvent).instanceId === trang &&
        (event.data as ChangeEvent).state === 'awaitingSignature',
    );
    const seen = stream.events.filter((event) => (event.data as ChangeEvent).instanceId === trang);
    expect(seen.length).toBeGreaterThan(5);
    expect(stream.text()).not.toMatch(/"vote"\s*:/);
    await stream.close();
    expect((await http.get('p-hieu', trang)).body.summary.outcome).toMatchObject({ present: 5, yes: 3 });

    await runtime.links.deliver();
    clock.set('2026-03-11T02:00:00Z');
    await runtime.runDueTimers();
    await http.sent('p-yen', round.id, 'SEND_TO_COUNCIL', { dossiersReceived: 2 });
    const decided = await http.sent('p-ha', round.id, 'DECIDE_AWARDS', {
      decisionNumber: '216-QĐ/TĐTN',
      signedOn: '2026-03-11',
    });
    expect(
      (decided.summary['awardees'] as { nominationId: string; rank: number }[]).map((a) => [
        a.rank,
        a.nominationId,
      ]),
    ).toEqual([
      [1, thao],
      [2, trang],
    ]);
  });
});

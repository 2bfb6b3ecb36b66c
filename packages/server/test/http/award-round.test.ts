import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdf } from '../support/files.ts';
import { bearer, openServer, TestClock, type E2eServer } from '../e2e/support.ts';

/**
 * Đợt khen thưởng over HTTP on real PostgreSQL (award-nomination v2): the round owns the quotas,
 * the deadline and the award forms; a nomination reads them; the server counts the unit's submitted
 * nominations in the submission's transaction.
 */
const clock = new TestClock('2026-02-11T02:00:00Z');
let server: E2eServer;
let address: string;

beforeAll(async () => {
  server = await openServer('award_round', {
    clock,
    redis: false,
    poolSize: 10,
    // One document per dossier keeps 200 dossiers quick to prepare; the rule under test is the quota.
    policy: { 'award-nomination': { requiredDocuments: ['requestLetter'] } },
    // An officer's 1,000 requests in a minute are the test, not a flood.
    app: { rateLimit: { max: 100_000 } },
  });
  address = await server.app.listen({ port: 0, host: '127.0.0.1' });
}, 60_000);
afterAll(async () => server?.close());

const personForm = { id: 'can-bo-tieu-bieu', name: 'Cán bộ Đoàn tiêu biểu', nomineeKind: 'person' };
const branchForm = {
  id: 'chi-doan-xuat-sac',
  name: 'Chi đoàn khu dân cư xuất sắc tiêu biểu',
  nomineeKind: 'branch',
};

async function openRound(quotas: Record<string, number>) {
  return server.http.started('p-yen', 'award-campaign', {
    awardingUnitId: 'dn',
    name: 'Đợt xét khen thưởng 26/3/2026',
    awardForms: [branchForm, personForm],
    quotas,
    deadline: '2026-03-10T10:00:00.000Z',
  });
}

/** A complete, eligible dossier of one person, ready to be submitted by Đoàn xã Trà Đốc. */
async function preparedNomination(campaignId: string, personId: string) {
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
  return nomination.id;
}

describe('đợt khen thưởng: chỉ tiêu của đơn vị do đợt quy định, máy chủ đếm hồ sơ đã gửi', () => {
  it('the nomination reads the round: awarding unit, deadline, the unit’s quota and the form (v2)', async () => {
    const round = await openRound({ tradoc: 2 });
    const nomination = await server.http.started('p-hieu', 'award-nomination', {
      campaignId: round.id,
      nominatingUnitId: 'tradoc',
      awardFormId: personForm.id,
      nominee: { kind: 'person', personId: 'p-thao' },
    });
    expect(nomination).toMatchObject({ version: 2, state: 'preparing' });
    expect(nomination.summary).toMatchObject({ deadline: '2026-03-10T10:00:00.000Z', quotaLeft: 2 });
    expect(nomination.timers.map((timer) => timer.name)).toContain('submissionDeadline');
  });

  it('one nomination per nominee per award form in a round; a unit without a quota, or a closed round, is refused', async () => {
    const round = await openRound({ tradoc: 2 });
    const input = {
      campaignId: round.id,
      nominatingUnitId: 'tradoc',
      awardFormId: personForm.id,
      nominee: { kind: 'person', personId: 'p-binh' },
    };
    await server.http.started('p-hieu', 'award-nomination', input);
    const again = await server.http.start('p-hieu', 'award-nomination', input);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'DUPLICATE_NOMINATION' });
    const noQuota = await server.http.start('p-trung', 'award-nomination', {
      ...input,
      nominatingUnitId: 'hoachau',
      nominee: { kind: 'person', personId: 'p-an' },
    });
    expect([403, 422]).toContain(noQuota.status);
    const wrongForm = await server.http.start('p-hieu', 'award-nomination', {
      ...input,
      nominee: { kind: 'branch', unitId: 'cd-thon2' },
    });
    expect(wrongForm.status).toBe(422);
    expect(wrongForm.body).toMatchObject({ code: 'NOT_IN_CAMPAIGN' });
    const missing = await server.http.start('p-hieu', 'award-nomination', {
      ...input,
      campaignId: 'no-such-round',
    });
    expect(missing.status).toBe(404);
  });

  it('200 concurrent submissions over HTTP: exactly the quota gets through, never more', async () => {
    const quota = 3;
    const round = await openRound({ tradoc: quota });
    const ids: string[] = [];
    // Prepared ten at a time (the machine has two cores); submitted all at once.
    for (let batch = 0; batch < 20; batch += 1) {
      ids.push(
        ...(await Promise.all(
          Array.from({ length: 10 }, (_, i) => preparedNomination(round.id, `p-ung-vien-${batch * 10 + i}`)),
        )),
      );
    }
    const headers = { ...(await bearer('p-hieu')), 'content-type': 'application/json' };
    const started = Date.now();
    const statuses = await Promise.all(
      ids.map(async (id) => {
        const response = await fetch(`${address}/instances/${id}/events`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ type: 'SUBMIT' }),
        });
        const body = (await response.json()) as {
          state?: string;
          code?: string;
          details?: { reason?: string };
        };
        return `${response.status} ${body.state ?? `${body.code}/${body.details?.reason}`}`;
      }),
    );
    const elapsed = Date.now() - started;
    const tally = statuses.reduce<Record<string, number>>((counts, status) => {
      counts[status] = (counts[status] ?? 0) + 1;
      return counts;
    }, {});
    expect(tally).toEqual({ '200 secretariatCheck': quota, '422 EVENT_NOT_ALLOWED/guard': 200 - quota });
    const [row] = await server.runtime.db.query<{ n: string }>(
      `select count(*) as n from instances where workflow_id = 'award-nomination'
         and snapshot->'machine'->'context'->>'campaignId' = $1 and state = 'secretariatCheck'`,
      [round.id],
    );
    expect(Number(row!.n)).toBe(quota);
    // The count each accepted submission saw is in its history: 0, 1, 2.
    const counts = await server.runtime.db.query<{ facts: { submittedInUnit: number } }>(
      `select h.facts from history h join instances i on i.id = h.instance_id
         where h.type = 'SUBMIT' and i.snapshot->'machine'->'context'->>'campaignId' = $1 order by 1`,
      [round.id],
    );
    expect(counts.map((entry) => entry.facts.submittedInUnit).sort()).toEqual([0, 1, 2]);
    console.info(`200 concurrent submissions, quota ${quota}: ${elapsed} ms`);
  }, 120_000);
});

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
  const rated = await http.sent('p-hieu', nomination.id, 'RECORD_RATING', {
    year: 2025,
    rating: 'excellent',
    disciplined: false,
  });
  return { id: nomination.id, revision: rated.revision };
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
    const ids: { id: string; revision: number }[] = [];
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
      ids.map(async ({ id, revision }) => {
        const response = await fetch(`${address}/instances/${id}/events`, {
          method: 'POST',
          headers: { ...headers, 'if-match': `"${revision}"` },
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

  it('liên kết: kết quả xếp loại do Ban Thường vụ Đoàn xã quyết định đến hồ sơ đề nghị đang mở và hồ sơ chi đoàn', async () => {
    const { http, runtime } = server;
    clock.set('2026-02-11T02:00:00Z');
    const round = await server.http.started('p-yen', 'award-campaign', {
      awardingUnitId: 'dn',
      name: 'Đợt xét khen thưởng chi đoàn 2026',
      awardForms: [{ ...branchForm, minimumRating: 'good' }],
      quotas: { tradoc: 2 },
      deadline: '2026-03-10T10:00:00.000Z',
    });
    const nomination = await http.started('p-hieu', 'award-nomination', {
      campaignId: round.id,
      nominatingUnitId: 'tradoc',
      awardFormId: branchForm.id,
      nominee: { kind: 'branch', unitId: 'cd-thon5' },
    });
    expect(nomination.summary).toMatchObject({ ineligibleBecause: ['noRating'] });
    // A branch's rating is not declared by the nominating unit: it comes from the review.
    const declared = await http.send('p-hieu', nomination.id, {
      type: 'RECORD_RATING',
      payload: { year: 2025, rating: 'excellent', disciplined: false },
    });
    expect(declared.status).toBe(422);

    // Last year's review of Chi đoàn thôn 5, decided by Trà Đốc's standing committee (v2).
    const review = await http.started('p-hieu', 'branch-review', {
      branchId: 'cd-thon5',
      year: 2025,
      baseId: 'tradoc',
    });
    expect(review.version).toBe(2);
    await http.sent('p-cuong', review.id, 'SAVE_DRAFT', {
      proposedLevel: 'good',
      selfAssessment: 'Hoàn thành tốt',
    });
    await http.sent('p-cuong', review.id, 'SUBMIT');
    // The level above cannot decide a branch's rating any more.
    const upper = await http.send('p-ha', review.id, { type: 'DECIDE_LEVEL', payload: {} });
    expect(upper.status).toBeGreaterThanOrEqual(400);
    const record = await http.uploaded(
      'p-hieu',
      review.id,
      'meetingRecord',
      'Biên bản.pdf',
      pdf('Biên bản họp BTV'),
    );
    const decided = await http.sent(
      'p-hieu',
      review.id,
      'DECIDE_LEVEL',
      {
        level: 'good',
        meetingRecordNumber: '05-BB/ĐTN',
        meetingDate: '2026-02-11',
        appraisal: 'Thống nhất xếp loại Hoàn thành tốt nhiệm vụ',
      },
      { attachments: [record] },
    );
    expect(decided.state).toBe('published');
    await runtime.links.deliver();

    const informed = await http.get('p-hieu', nomination.id);
    expect(informed.body.summary).toMatchObject({
      rating: { year: 2025, rating: 'good' },
      ineligibleBecause: [],
    });
    const history = await http.history('p-hieu', nomination.id);
    expect(history.body.items.at(-1)).toMatchObject({
      type: 'REVIEW_RESULT_RECORDED',
      actor: { role: 'system' },
    });
    const [fact] = await runtime.record({ kind: 'unit', id: 'cd-thon5' }, 'branchReview.result');
    expect(fact).toMatchObject({ key: '2025', data: { level: 'good', decidedBy: 'base' } });
    // The base's consolidated result, in its own record, for the level above.
    expect(await runtime.record({ kind: 'unit', id: 'tradoc' }, 'branchReview.branchResult')).toEqual([
      expect.objectContaining({ key: '2025:cd-thon5' }),
    ]);
    // A nomination started now reads the rating from the record at once.
    const later = await http.started('p-hieu', 'award-nomination', {
      campaignId: round.id,
      nominatingUnitId: 'tradoc',
      awardFormId: branchForm.id,
      nominee: { kind: 'branch', unitId: 'cd-thon2' },
    });
    expect(later.summary).toMatchObject({ ineligibleBecause: ['noRating'] });
  });

  it('liên kết: quyết định khen thưởng của đợt (một quyết định cho mọi người được khen) đến hồ sơ đề nghị và hồ sơ chi đoàn', async () => {
    const { http, runtime } = server;
    clock.set('2026-02-12T02:00:00Z');
    const round = await http.started('p-yen', 'award-campaign', {
      awardingUnitId: 'dn',
      name: 'Đợt xét khen thưởng 26/3/2026 (v2)',
      awardForms: [{ ...branchForm, minimumRating: 'good' }],
      quotas: { tradoc: 2 },
      deadline: '2026-03-10T10:00:00.000Z',
      awardsPerForm: { [branchForm.id]: 1 },
    });
    expect(round.version).toBe(2);
    // Chi đoàn thôn 5 was rated "tốt" for 2025 by Trà Đốc (the test above): eligible for this form.
    const nomination = await http.started('p-hieu', 'award-nomination', {
      campaignId: round.id,
      nominatingUnitId: 'tradoc',
      awardFormId: branchForm.id,
      nominee: { kind: 'branch', unitId: 'cd-thon5' },
    });
    const file = await http.uploaded(
      'p-hieu',
      nomination.id,
      'requestLetter',
      'Tờ trình.pdf',
      pdf('Tờ trình'),
    );
    await http.sent('p-hieu', nomination.id, 'ADD_DOCUMENT', {}, { attachments: [file] });
    await http.sent('p-hieu', nomination.id, 'SUBMIT');
    await http.sent('p-yen', nomination.id, 'ACCEPT_DOSSIER');
    for (const voter of ['p-ha', 'p-tuan', 'p-nga', 'p-long', 'p-oanh']) {
      await http.sent(voter, nomination.id, 'CAST_VOTE', { vote: 'yes' });
    }
    const closed = await http.sent('p-ha', nomination.id, 'CLOSE_VOTE');
    expect(closed.state).toBe('awaitingSignature');
    await runtime.links.deliver();
    expect((await http.get('p-yen', round.id)).body.summary).toMatchObject({ recommendations: 1 });

    clock.set('2026-03-11T02:00:00Z');
    await runtime.runDueTimers();
    await http.sent('p-yen', round.id, 'SEND_TO_COUNCIL', { dossiersReceived: 1 });
    // An ordinary standing-committee member does not sign; the Bí thư signs "TM.".
    const byMember = await http.send('p-tuan', round.id, {
      type: 'DECIDE_AWARDS',
      payload: { decisionNumber: '215-QĐ/TĐTN', signedOn: '2026-03-11' },
    });
    expect(byMember.status).toBe(403);
    const decided = await http.sent('p-ha', round.id, 'DECIDE_AWARDS', {
      decisionNumber: '215-QĐ/TĐTN',
      signedOn: '2026-03-11',
    });
    expect(decided.summary).toMatchObject({
      awardees: [expect.objectContaining({ nominationId: nomination.id, rank: 1 })],
    });
    await runtime.links.deliver();

    const awarded = await http.get('p-hieu', nomination.id);
    expect(awarded.body).toMatchObject({ state: 'awarded' });
    const [award] = await runtime.record({ kind: 'unit', id: 'cd-thon5' }, 'award');
    expect(award).toMatchObject({
      key: `${round.id}:${branchForm.id}`,
      data: { decisionNumber: '215-QĐ/TĐTN', rank: 1, awardForm: branchForm.name },
    });
  });
});

import { systemPrincipal } from '@doanflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type DoanflowApp } from '../../src/app.ts';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { dropSchema, openRuntime, TestClock, transferInput, uniqueName } from '../runtime/support.ts';
import { bearer, SECRET, TENANT } from '../support/test-app.ts';

/**
 * Issue 11 group 7 through the API on the real runtime: the residence branch's year-end comment,
 * delivered home by the transfer's link, and the credited days of a field visit, delivered by its
 * link, are facts of the person's record; the year-end review reads them as it starts and again at
 * its decision, keeps them in its history, and caps the rating with them.
 */
const schema = uniqueName('http_year_end_review');
const morning = (date: string) => `${date}T02:00:00.000Z`;
const clock = new TestClock(morning('2026-03-02'));
let runtime: HostedRuntime;
let app: DoanflowApp;

beforeAll(async () => {
  runtime = await openRuntime({ schema, clock });
  app = buildApp({ runtime, registry: runtime.registry, auth: { secret: SECRET, tenant: TENANT } });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await dropSchema(schema);
});

const start = async (personId: string, workflowId: string, input: object) =>
  app.inject({
    method: 'POST',
    url: '/instances',
    headers: await bearer(personId),
    payload: { workflowId, input },
  });
/** Sends an event at the instance's current revision, as a portal does (decisions require it). */
const send = async (id: string, personId: string, type: string, payload: object = {}) => {
  const seen = (await runtime.get(id, systemPrincipal)).revision;
  return app.inject({
    method: 'POST',
    url: `/instances/${id}/events`,
    headers: await bearer(personId),
    payload: { type, payload, expectedRevision: seen },
  });
};
const ok = <T extends { statusCode: number; body: string }>(answer: T): T => {
  if (answer.statusCode >= 300) expect.fail(`${answer.statusCode} ${answer.body}`);
  return answer;
};
const factsOf = async (instanceId: string) =>
  (
    await runtime.db.query<{ type: string; facts: { record: { kind: string }[] } | null }>(
      'select type, facts from history where instance_id = $1 order by seq',
      [instanceId],
    )
  ).map((row) => [row.type, row.facts?.record.map((fact) => fact.kind) ?? null]);

describe('phân loại đoàn viên ở chi đoàn gốc, theo nhận xét của nơi cư trú', () => {
  let reviewId: string;

  it('nhận xét cuối năm của chi đoàn nơi cư trú về tới hồ sơ của đoàn viên', async () => {
    const transfer = await start('p-an', 'member-transfer', {
      ...transferInput,
      kind: 'residence',
      residenceSince: '2025-06-01',
    });
    const id = transfer.json().id;
    ok(await send(id, 'p-an', 'SUBMIT'));
    ok(await send(id, 'p-nga', 'ACCEPT'));
    ok(await send(id, 'p-nga', 'ASSIGN_BRANCH', { branchId: 'cd-kdc-tayan' }));
    ok(await send(id, 'p-vy', 'ACKNOWLEDGE'));
    clock.set(morning('2026-12-01'));
    await runtime.runDueTimers();
    ok(
      await send(id, 'p-vy', 'YEAR_END_COMMENT', {
        comment: 'Ít tham gia sinh hoạt',
        recommendTopRating: false,
      }),
    );
    ok(await send(id, 'p-binh', 'RECORD_COMMENT', { note: 'Tính vào xếp loại năm 2026' }));
    await runtime.links.deliver();
    const record = await app.inject({ url: '/records/people/p-an', headers: await bearer('p-binh') });
    expect(record.json().items).toEqual([
      expect.objectContaining({
        kind: 'member.hostComment',
        data: expect.objectContaining({
          year: 2026,
          recommendTopRating: false,
          hostBranchId: 'cd-kdc-tayan',
        }),
      }),
    ]);
  });

  it('Bí thư chi đoàn mở phân loại: hồ sơ năm hiện trong phần tóm tắt, kèm mức cao nhất được xếp', async () => {
    clock.set(morning('2026-12-20'));
    const opened = ok(
      await start('p-binh', 'year-end-review', { personId: 'p-an', year: 2026, as: 'member' }),
    );
    reviewId = opened.json().id;
    expect(opened.json()).toMatchObject({
      state: 'selfAssessment',
      summary: {
        unitId: 'cd-thon2',
        record: { hostComments: [{ comment: 'Ít tham gia sinh hoạt', recommendTopRating: false }] },
        cap: { best: 'good', reason: 'noHostRecommendation' },
      },
    });
    // Another branch's secretary may not open it for him.
    const stranger = await start('p-cuong', 'year-end-review', {
      personId: 'p-an',
      year: 2026,
      as: 'member',
    });
    expect(stranger.statusCode).toBe(403);
  });

  it('Ban Thường vụ đoàn xã không xếp "xuất sắc" được (không ghi gì), xếp "tốt" được; hồ sơ lưu trong lịch sử', async () => {
    ok(
      await send(reviewId, 'p-an', 'SUBMIT_SELF_ASSESSMENT', {
        rating: 'outstanding',
        summary: 'Hoàn thành tốt',
      }),
    );
    const before = await runtime.get(reviewId, systemPrincipal);
    const refused = await send(reviewId, 'p-hieu', 'DECIDE', {
      rating: 'outstanding',
      reasons: 'Theo biên bản họp',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ details: { reason: 'guard', guards: ['ratingWithinRecord'] } });
    expect((await runtime.get(reviewId, systemPrincipal)).revision).toBe(before.revision);
    // The member may not decide on himself.
    expect((await send(reviewId, 'p-an', 'DECIDE', { rating: 'good', reasons: 'x' })).statusCode).toBe(403);
    const decided = ok(
      await send(reviewId, 'p-hieu', 'DECIDE', { rating: 'good', reasons: 'Theo biên bản họp' }),
    );
    expect(decided.json()).toMatchObject({ state: 'decided', summary: { decision: { rating: 'good' } } });
    expect(await factsOf(reviewId)).toEqual([
      ['$start', ['member.hostComment']],
      ['SUBMIT_SELF_ASSESSMENT', null],
      ['DECIDE', ['member.hostComment']],
    ]);
    // The timeline's entries say which facts of the record the start and the decision read, in words.
    const history = await app.inject({
      url: `/instances/${reviewId}/history`,
      headers: await bearer('p-binh'),
    });
    const entries = history.json().items as { type: string; recordRead?: unknown[] }[];
    expect(entries.find((entry) => entry.type === 'DECIDE')?.recordRead).toEqual([
      expect.objectContaining({
        kind: 'member.hostComment',
        label: { vi: 'Nhận xét của nơi sinh hoạt tạm thời / nơi cư trú', en: 'Comment from the host branch' },
        data: expect.objectContaining({ comment: 'Ít tham gia sinh hoạt', recommendTopRating: false }),
      }),
    ]);
    expect(entries.find((entry) => entry.type === 'SUBMIT_SELF_ASSESSMENT')).not.toHaveProperty('recordRead');
  });
});

describe('đánh giá cán bộ cuối năm, theo ngày đi cơ sở được tính', () => {
  it('chuyến đột xuất được công nhận vào hồ sơ; năm "1+2" chưa khép: Thường trực chỉ xếp đến "Hoàn thành nhiệm vụ"', async () => {
    clock.set(morning('2026-04-01'));
    const visit = ok(await start('p-tuan', 'field-visit', { cadreId: 'p-quy', unitId: 'dn', year: 2026 }));
    const visitId = visit.json().id;
    clock.set(morning('2026-04-09'));
    ok(
      await send(visitId, 'p-quy', 'REGISTER_UNPLANNED_TRIP', {
        hostUnitId: 'hoachau',
        from: '2026-04-06',
        to: '2026-04-07',
        content: 'memberSituation',
        purpose: 'Nắm tình hình đoàn viên sau mưa lũ',
        results: 'Hỗ trợ 30 đoàn viên',
      }),
    );
    ok(await send(visitId, 'p-tuan', 'APPROVE_UNPLANNED_TRIP', { tripId: 'U-1', quality: 'good' }));
    await runtime.links.deliver();

    clock.set(morning('2026-12-20'));
    const review = ok(await start('p-ha', 'year-end-review', { personId: 'p-quy', year: 2026, as: 'cadre' }));
    const id = review.json().id;
    expect(review.json().summary).toMatchObject({
      unitId: 'dn',
      record: {
        fieldVisit: null,
        trips: [{ tripId: 'U-1', hostUnitId: 'hoachau', creditedDays: 2, quality: 'good', unplanned: true }],
      },
      cap: { best: 'completed', reason: 'fieldVisitOpen' },
    });
    ok(await send(id, 'p-quy', 'SUBMIT_SELF_ASSESSMENT', { rating: 'good', summary: 'Đi cơ sở 2 ngày' }));
    expect((await send(id, 'p-ha', 'DECIDE', { rating: 'good', reasons: 'x' })).statusCode).toBe(422);
    ok(await send(id, 'p-ha', 'DECIDE', { rating: 'completed', reasons: 'Chưa đủ ngày đi cơ sở' }));
    expect(await factsOf(id)).toEqual([
      ['$start', ['fieldVisit.trip']],
      ['SUBMIT_SELF_ASSESSMENT', null],
      ['DECIDE', ['fieldVisit.trip']],
    ]);
  });
});

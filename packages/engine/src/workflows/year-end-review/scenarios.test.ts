import { describe, expect, it } from 'vitest';
import type { RecordedFact } from '../../links.ts';
import { replay } from '../../runtime.ts';
import { InstanceDriver } from '../../testing/harness.ts';
import { checkSummaryLabels } from '../../testing/labels.ts';
import { yearEndReview } from './index.ts';

const at = '2026-12-20T02:00:00.000Z';
const fact = (kind: string, key: string, data: Record<string, unknown>): RecordedFact => ({
  kind,
  key,
  data,
  source: { instanceId: `src-${key}`, workflowId: kind.split('.')[0]!, seq: 9 },
  recordedAt: '2026-12-10T02:00:00.000Z',
});
const hostComment = (year: number, recommendTopRating: boolean) =>
  fact('member.hostComment', `${year}:yearEnd:t`, {
    year,
    occasion: 'yearEnd',
    comment: 'Tham gia đầy đủ sinh hoạt chi đoàn khu dân cư Tây An',
    recommendTopRating,
    hostBranchId: 'cd-kdc-tayan',
    homeBranchId: 'cd-thon2',
    recordedOn: '2026-12-10',
  });
const fieldVisitYear = (outcome: string, creditedDays: number) =>
  fact('fieldVisit.year', '2026', {
    year: 2026,
    outcome,
    creditedDays,
    quotaDays: 60,
    tripsReviewed: 5,
    qualities: { good: 4, fair: 1 },
    reportsLate: 0,
  });
const trip = fact('fieldVisit.trip', '2026:U-1', {
  year: 2026,
  tripId: 'U-1',
  hostUnitId: 'hoachau',
  creditedDays: 2,
  quality: 'fair',
  unplanned: true,
});

/** Phân loại đoàn viên Nguyễn Văn An (chi đoàn thôn 2), hồ sơ năm như máy chủ đọc được. */
const member = (record: RecordedFact[], policy?: Record<string, unknown>) =>
  new InstanceDriver(yearEndReview, { now: at })
    .start('p-binh', { personId: 'p-an', year: 2026, as: 'member' }, policy, { record })
    .send('p-an', 'SUBMIT_SELF_ASSESSMENT', { rating: 'outstanding', summary: 'Hoàn thành tốt mọi việc' });
/** Đánh giá cán bộ Nguyễn Văn Quy (Thành đoàn), với kết quả "1+2" của năm. */
const cadre = (record: RecordedFact[]) =>
  new InstanceDriver(yearEndReview, { now: at })
    .start('p-ha', { personId: 'p-quy', year: 2026, as: 'cadre' }, undefined, { record })
    .send('p-quy', 'SUBMIT_SELF_ASSESSMENT', { rating: 'outstanding', summary: 'Đi cơ sở đủ ngày' });
const decide = (rating: string) => ({ rating, reasons: 'Theo nghị quyết họp Ban Thường vụ' });

describe('phân loại đoàn viên: nhận xét của nơi cư trú là căn cứ xếp loại ở chi đoàn gốc', () => {
  it('nơi cư trú đề nghị xuất sắc: Ban Thường vụ đoàn xã công nhận "Hoàn thành xuất sắc nhiệm vụ"', () => {
    const d = member([hostComment(2026, true)]);
    expect(d.context['unitId']).toBe('cd-thon2');
    expect(d.context['record'].hostComments).toEqual([
      expect.objectContaining({
        recommendTopRating: true,
        hostBranchId: 'cd-kdc-tayan',
        sourceInstanceId: 'src-2026:yearEnd:t',
      }),
    ]);
    expect(d.context['cap']).toBeNull();
    d.send('p-hieu', 'DECIDE', decide('outstanding'), { facts: { record: [hostComment(2026, true)] } });
    expect(d.state).toBe('decided');
    expect(d.context['decision']).toMatchObject({ rating: 'outstanding', decidedBy: 'p-hieu' });
    expect(d.history.at(-1)?.actor).toMatchObject({ role: 'baseStanding', unitId: 'tradoc', acting: 'TM' });
  });

  it('nơi cư trú không đề nghị: cao nhất "Hoàn thành tốt nhiệm vụ"; xuất sắc bị từ chối, không ghi gì', () => {
    const d = member([hostComment(2026, false), hostComment(2025, true)]);
    expect(d.context['cap']).toEqual({ best: 'good', reason: 'noHostRecommendation' });
    expect(d.refuse('p-hieu', 'DECIDE', decide('outstanding')).reason).toBe('guard');
    d.send('p-hieu', 'DECIDE', decide('good'));
    expect(d.context['decision'].rating).toBe('good');
  });

  it('nhận xét đến sau khi bắt đầu: máy chủ đọc lại hồ sơ lúc quyết định, và lưu vào lịch sử', () => {
    const d = member([]);
    expect(d.context['cap']).toBeNull();
    const late = { record: [hostComment(2026, false)] };
    expect(d.refuse('p-hieu', 'DECIDE', decide('outstanding'), { facts: late }).reason).toBe('guard');
    d.send('p-hieu', 'DECIDE', decide('good'), { facts: late });
    expect(d.context['record'].hostComments).toHaveLength(1);
    expect(d.history.at(-1)?.facts).toEqual(late);
    // Replayed from the history alone, the instance ends where it did: no query at report time.
    const replayed = replay(yearEndReview, d.snapshot.instanceId, d.history);
    expect(replayed.state).toBe('decided');
    expect(replayed.machine.context).toEqual(d.snapshot.machine.context);
  });

  it('tỉnh không áp dụng quy định này (policy): xuất sắc vẫn được', () => {
    const d = member([hostComment(2026, false)], { topNeedsHostRecommendation: false });
    d.send('p-hieu', 'DECIDE', decide('outstanding'));
    expect(d.state).toBe('decided');
  });

  it('ai làm gì: đoàn viên tự kiểm điểm; không tự công nhận; chi đoàn khác và cấp trên không đúng thì không', () => {
    const d = new InstanceDriver(yearEndReview, { now: at }).start(
      'p-binh',
      { personId: 'p-an', year: 2026, as: 'member' },
      undefined,
      { record: [] },
    );
    expect(
      d.refuse('p-binh', 'SUBMIT_SELF_ASSESSMENT', { rating: 'good', summary: 'x' }).reason,
    ).toBeDefined();
    d.send('p-an', 'SUBMIT_SELF_ASSESSMENT', { rating: 'good', summary: 'Đã tham gia đầy đủ' });
    expect(d.allowed('p-hieu')).toEqual(expect.arrayContaining(['DECIDE', 'RETURN']));
    expect(d.allowed('p-an')).toEqual([]);
    expect(d.allowed('p-nga')).toEqual([]); // Bí thư Đoàn phường Hòa Châu: another base
    expect(d.allowed('p-ha')).toEqual([]); // the city decides cadres, not members
    d.send('p-hieu', 'RETURN', { comment: 'Bổ sung nhận xét của nơi cư trú' });
    expect(d.state).toBe('selfAssessment');
    expect(d.context['returnedWith']).toBe('Bổ sung nhận xét của nơi cư trú');
  });
});

describe('đánh giá cán bộ: ngày đi cơ sở "1+2" và chất lượng là căn cứ', () => {
  it('đủ 64/60 ngày: Thường trực Thành đoàn xếp "Hoàn thành xuất sắc nhiệm vụ"; hồ sơ hiện trên bảng', () => {
    const d = cadre([fieldVisitYear('compliant', 64), trip]);
    expect(d.context['unitId']).toBe('dn');
    expect(d.context['record'].fieldVisit).toMatchObject({
      outcome: 'compliant',
      creditedDays: 64,
      quotaDays: 60,
      qualities: [
        { quality: 'good', count: 4 },
        { quality: 'fair', count: 1 },
      ],
    });
    expect(d.context['record'].trips).toEqual([
      { tripId: 'U-1', hostUnitId: 'hoachau', creditedDays: 2, quality: 'fair', unplanned: true },
    ]);
    expect(d.allowed('p-quy')).toEqual([]); // nobody rates themself
    d.send('p-ha', 'DECIDE', decide('outstanding'), { facts: { record: [fieldVisitYear('compliant', 64)] } });
    expect(d.context['decision'].rating).toBe('outstanding');
  });

  it('thiếu ngày (41/60): cao nhất "Hoàn thành nhiệm vụ"', () => {
    const d = cadre([fieldVisitYear('shortfall', 41)]);
    expect(d.context['cap']).toEqual({ best: 'completed', reason: 'fieldVisitShortfall' });
    expect(d.refuse('p-ha', 'DECIDE', decide('good')).reason).toBe('guard');
    d.send('p-ha', 'DECIDE', decide('completed'));
    expect(d.state).toBe('decided');
  });

  it('năm "1+2" chưa khép lại: chưa có kết quả thì cũng chỉ đến "Hoàn thành nhiệm vụ", trừ khi kết quả đến lúc quyết định', () => {
    const d = cadre([trip]);
    expect(d.context['cap']).toEqual({ best: 'completed', reason: 'fieldVisitOpen' });
    const closed = { record: [fieldVisitYear('exempted', 0)] };
    d.send('p-ha', 'DECIDE', decide('good'), { facts: closed });
    expect(d.context['cap']).toBeNull();
    expect(d.context['record'].fieldVisit.outcome).toBe('exempted');
  });

  it('bắt đầu: chỉ Thường trực nơi cán bộ công tác; Bí thư đoàn xã thì không', () => {
    const started = () =>
      new InstanceDriver(yearEndReview, { now: at }).start('p-hieu', {
        personId: 'p-quy',
        year: 2026,
        as: 'cadre',
      });
    expect(started).toThrow('your role is not held at the unit this request belongs to');
  });
});

describe('the review’s summary, typed and in words, with the record the server read', () => {
  it('matches its summarySchema and labels every field, for a member and a cadre at each step', () => {
    const contexts: unknown[] = [];
    // Each walk with who decides it: the member's base secretary, the cadre's head.
    const walks: [InstanceDriver, string][] = [
      [member([hostComment(2026, false)]), 'p-hieu'],
      [member([hostComment(2026, true), hostComment(2025, true)]), 'p-hieu'],
      [cadre([fieldVisitYear('compliant', 60), trip]), 'p-ha'],
      [cadre([fieldVisitYear('shortfall', 20)]), 'p-ha'],
      [cadre([]), 'p-ha'],
    ];
    for (const [walk, decider] of walks) {
      contexts.push(walk.context);
      contexts.push(walk.send(decider, 'DECIDE', decide('completed')).context);
    }
    const check = checkSummaryLabels(yearEndReview, contexts);
    expect(check.problems).toEqual([]);
    expect(check.fields).toEqual(
      expect.arrayContaining([
        'year-end-review summary.record.hostComments[].recommendTopRating',
        'year-end-review summary.record.fieldVisit.qualities[].quality',
        'year-end-review summary.record.trips[].unplanned',
        'year-end-review summary.cap.reason',
      ]),
    );
  });
});

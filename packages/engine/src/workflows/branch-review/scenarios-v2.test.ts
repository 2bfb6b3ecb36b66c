import { describe, expect, it } from 'vitest';
import { replay } from '../../runtime.ts';
import { InstanceDriver } from '../../testing/harness.ts';
import { testAttachment } from '../../testing/harness.ts';
import { evidenceTheYear, nineAm, reviewDirectory, thon2Review2026 } from './fixtures.ts';
import { branchReviewV2 } from './index.ts';

/** Version 2: the base standing committee decides; the server counts the round's top ratings. */
const openV2 = (now: string, policy?: Record<string, unknown>) =>
  new InstanceDriver(branchReviewV2, { now, directory: reviewDirectory }).start(
    'p-hieu',
    thon2Review2026,
    policy,
  );
const selfAssessed = (d: InstanceDriver, proposedLevel: string) =>
  d.send('p-binh', 'SAVE_DRAFT', {
    proposedLevel,
    selfAssessment: 'Duy trì sinh hoạt hằng tháng, có công trình thanh niên',
  });
const decision = (level: string, meetingDate = '2026-12-18') => ({
  level,
  meetingRecordNumber: '31-BB/ĐTN',
  meetingDate,
  appraisal: 'Ban Thường vụ Đoàn xã họp, thống nhất xếp loại',
  decisionNumber: '45-QĐ/ĐTN',
});
/** The signed biên bản of the committee's meeting, scanned. */
const meetingRecord = [testAttachment('meetingRecord', 'Biên bản họp Ban Thường vụ.pdf')];
/** The round as the server counts it: the base's other reviews this year. */
const round = (goodOrBetter: number, topRated = 0, allBranches = goodOrBetter + 2) => ({
  goodOrBetter,
  topRated,
  allBranches,
});
const submitted = (policy?: Record<string, unknown>) => {
  const d = evidenceTheYear(openV2(nineAm('2026-01-05'), policy));
  d.clock.set(nineAm('2026-12-10'));
  selfAssessed(d, 'outstanding').send('p-binh', 'SUBMIT');
  d.clock.set(nineAm('2026-12-18'));
  return d;
};
const replays = (d: InstanceDriver) =>
  expect(replay(branchReviewV2, d.snapshot.instanceId, d.history)).toEqual(d.snapshot);

describe('v2: Ban Thường vụ đoàn cơ sở quyết định xếp loại chi đoàn của mình', () => {
  it('Đoàn xã Trà Đốc họp (có biên bản) và quyết định "Hoàn thành tốt nhiệm vụ" cho Chi đoàn thôn 2: Bí thư ký TM., công bố ngay, kết quả vào hồ sơ chi đoàn và của đoàn cơ sở', () => {
    const d = submitted();
    expect(d.state).toBe('baseReview');
    expect(d.allowed('p-hieu')).toEqual(expect.arrayContaining(['DECIDE_LEVEL', 'RETURN_TO_BRANCH']));
    // The level above no longer decides a branch's rating.
    expect(d.allowed('p-ha')).toEqual([]);
    d.send('p-hieu', 'DECIDE_LEVEL', decision('good'), { facts: round(3), attachments: meetingRecord });
    expect(d.state).toBe('published');
    expect(d.context).toMatchObject({
      decidedBy: 'base',
      result: { level: 'good', decisionNumber: '45-QĐ/ĐTN' },
    });
    expect(d.last.entry.actor).toMatchObject({ personId: 'p-hieu', acting: 'TM' });
    expect(d.last.entry.facts).toEqual(round(3));
    const links = d.last.effects.filter((effect) => effect.type === 'link');
    expect(links).toEqual([
      expect.objectContaining({
        kind: 'branchReview.result',
        key: '2026',
        to: { unitId: 'cd-thon2' },
        data: expect.objectContaining({ level: 'good', decidedBy: 'base' }),
        deliver: [{ workflowId: 'award-nomination', event: 'REVIEW_RESULT_RECORDED' }],
      }),
      expect.objectContaining({
        kind: 'branchReview.branchResult',
        key: '2026:cd-thon2',
        to: { unitId: 'tradoc' },
      }),
    ]);
    replays(d);
  });

  it('an ordinary member of the standing committee takes part but does not sign the decision', () => {
    const d = submitted();
    expect(
      d.refuse('p-linh', 'DECIDE_LEVEL', decision('good'), { facts: round(3), attachments: meetingRecord })
        .code,
    ).toBe('EVENT_NOT_ALLOWED');
    // The deputy secretary signs "KT. BÍ THƯ".
    d.send('p-khanh', 'DECIDE_LEVEL', decision('good'), { facts: round(3), attachments: meetingRecord });
    expect(d.last.entry.actor).toMatchObject({ personId: 'p-khanh', acting: 'KT' });
  });

  it('chỉ tiêu xuất sắc tính trên số chi đoàn xếp loại "tốt" trở lên, do máy chủ đếm từ chính đợt đánh giá', () => {
    // 20% of the branches rated "tốt" or better, this one counted: 4 others + 1 → 1 allowed.
    const d = submitted();
    expect(
      d.refuse('p-hieu', 'DECIDE_LEVEL', decision('outstanding'), {
        facts: round(3),
        attachments: meetingRecord,
      }).reason,
    ).toBe('guard');
    expect(
      d.refuse('p-hieu', 'DECIDE_LEVEL', decision('outstanding'), {
        facts: round(4, 1),
        attachments: meetingRecord,
      }).reason,
    ).toBe('guard');
    // Figures typed by the officer are not a thing any more; without the server's count, no top rating.
    expect(
      d.refuse('p-hieu', 'DECIDE_LEVEL', decision('outstanding'), { attachments: meetingRecord }).reason,
    ).toBe('guard');
    expect(
      d.refuse('p-hieu', 'DECIDE_LEVEL', {
        ...decision('outstanding'),
        topRatingQuota: { grantedThisYear: 0, branchesInBase: 50 },
      }).code,
    ).toBe('INVALID_PAYLOAD');
    d.send('p-hieu', 'DECIDE_LEVEL', decision('outstanding'), {
      facts: round(4),
      attachments: meetingRecord,
    });
    expect(d.context.result).toMatchObject({ level: 'outstanding' });
    replays(d);
  });

  it('policy: the share may be of all the branches reviewed', () => {
    const d = submitted({ topRatingBase: 'allBranches' });
    // 2 rated "tốt" or better, 9 others reviewed: 20% of 10 → 2 allowed.
    d.send('p-hieu', 'DECIDE_LEVEL', decision('outstanding'), {
      facts: round(2, 1, 9),
      attachments: meetingRecord,
    });
    expect(d.state).toBe('published');
  });

  it('"3 có" được chấm điểm và báo cáo, không chặn việc gửi (trừ khi quy định bắt buộc)', () => {
    const d = openV2(nineAm('2026-01-05'));
    d.clock.set(nineAm('2026-12-10'));
    selfAssessed(d, 'good').send('p-binh', 'SUBMIT');
    expect(d.state).toBe('baseReview');
    expect(branchReviewV2.summary!(d.context as never)).toMatchObject({
      threeHavesScore: 0,
      threeHaves: { met: false },
    });

    const gated = openV2(nineAm('2026-01-05'), { threeHavesGate: true });
    gated.clock.set(nineAm('2026-12-10'));
    selfAssessed(gated, 'good');
    expect(gated.refuse('p-binh', 'SUBMIT').reason).toBe('guard');
  });

  it('policy: Thành đoàn phê duyệt danh sách xuất sắc; kiến nghị gửi cấp trên của Thành đoàn', () => {
    const d = submitted({ upperApprovesTopRating: true });
    d.send('p-hieu', 'DECIDE_LEVEL', decision('good'), { facts: round(3), attachments: meetingRecord });
    // Below the top rating the base's decision is final.
    expect(d.state).toBe('published');

    const top = submitted({ upperApprovesTopRating: true });
    top.send('p-hieu', 'DECIDE_LEVEL', decision('outstanding'), {
      facts: round(4),
      attachments: meetingRecord,
    });
    expect(top.state).toBe('upperApproval');
    expect(top.allowed('p-ha')).toEqual(expect.arrayContaining(['APPROVE_TOP_RATING', 'REJECT_TOP_RATING']));
    // An ordinary member of the city's standing committee does not sign.
    expect(top.refuse('p-tuan', 'APPROVE_TOP_RATING', {}).code).toBe('EVENT_NOT_ALLOWED');
    top.send('p-ha', 'APPROVE_TOP_RATING', { decisionNumber: '12-QĐ/TĐTN' });
    expect(top.context).toMatchObject({
      decidedBy: 'upper',
      upperId: 'dn',
      result: { level: 'outstanding' },
    });

    top.send('p-binh', 'APPEAL', { grounds: 'Đề nghị xem xét lại' });
    // Decided by Thành đoàn: the appeal goes above it, to the central union's standing committee.
    expect(top.allowed('p-ha')).toEqual([]);
    expect(top.allowed('p-khoa')).toEqual(expect.arrayContaining(['UPHOLD_RESULT']));
    top.send('p-khoa', 'UPHOLD_RESULT', { comment: 'Giữ nguyên kết quả' });
    expect(top.state).toBe('published');
    replays(top);
  });

  it('kiến nghị về quyết định của Đoàn xã do Thành đoàn giải quyết; sửa đổi cũng trong chỉ tiêu', () => {
    const d = submitted();
    d.send('p-hieu', 'DECIDE_LEVEL', decision('good'), { facts: round(3), attachments: meetingRecord });
    d.send('p-binh', 'APPEAL', { grounds: 'Chi đoàn đủ điều kiện xuất sắc' });
    expect(d.state).toBe('appeal');
    expect(d.allowed('p-hieu')).toEqual([]);
    expect(d.allowed('p-ha')).toEqual(expect.arrayContaining(['UPHOLD_RESULT', 'AMEND_RESULT']));
    const amend = { level: 'outstanding', reason: 'Bổ sung minh chứng công trình thanh niên' };
    expect(d.refuse('p-ha', 'AMEND_RESULT', amend, { facts: round(3) }).reason).toBe('guard');
    d.send('p-ha', 'AMEND_RESULT', amend, { facts: round(4) });
    expect(d.context.result).toMatchObject({ level: 'outstanding', onAppeal: true });
    // The amended result replaces the earlier one in the branch's record.
    expect(d.last.effects).toContainEqual(
      expect.objectContaining({
        type: 'link',
        kind: 'branchReview.result',
        data: expect.objectContaining({ level: 'outstanding' }),
      }),
    );
    replays(d);
  });
});

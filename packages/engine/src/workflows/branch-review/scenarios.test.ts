import { describe, expect, it } from 'vitest';
import { replay } from '../../runtime.ts';
import {
  cadre,
  evidenceTheYear,
  logMonthlyMeetings,
  nineAm,
  openReview,
  thon2Review2026,
  timerDues,
  whoActs,
  withMeetingRecord,
  youthProject,
} from './fixtures.ts';
import { branchReview } from './index.ts';

const selfAssessment = (proposedLevel: string) => ({
  proposedLevel,
  selfAssessment: 'Duy trì sinh hoạt hằng tháng, có công trình thanh niên, tham gia giao ban đầy đủ',
});
const proposal = (level: string, meetingDate: string, meetingRecordNumber = '24-BB/ĐTN') => ({
  level,
  meetingRecordNumber,
  meetingDate,
  appraisal: 'Ban Thường vụ Đoàn xã thống nhất đề nghị',
});
const replays = (d: ReturnType<typeof openReview>) =>
  expect(replay(branchReview, d.snapshot.instanceId, d.history)).toEqual(d.snapshot);

describe('chi đoàn thôn 2 năm 2026: đủ "3 có", xếp loại xuất sắc trong hạn mức', () => {
  it('ghi nhận cả năm, tự đánh giá, Đoàn xã thẩm định (TM.), Thành đoàn công nhận, hết hạn kiến nghị', () => {
    // Bí thư Đoàn xã Trà Đốc opens the year's review on Monday 5 January.
    const d = openReview(nineAm('2026-01-05'));
    expect(d.state).toBe('yearRound.evidenceLog');
    expect(d.context).toMatchObject({ baseId: 'tradoc', reminderMonth: '2026-01', escalated: false });
    expect(timerDues(d)).toEqual({
      // 08:00 on the last working day of January (31/1 is a Saturday).
      monthEndReminder: '2026-01-30T01:00:00.000Z',
      // 08:00 seven and two days before the deadline of 15/12.
      submissionReminder7: '2026-12-08T01:00:00.000Z',
      submissionReminder2: '2026-12-13T01:00:00.000Z',
      // The deadline day counts in full: overdue from 00:00 on 16/12, Vietnam time.
      submissionOverdue: '2026-12-15T17:00:00.000Z',
    });
    expect(whoActs(d)).toEqual(['branchSecretary@cd-thon2']);
    expect(d.last.tasks[0]!.due).toBe('2026-12-15T17:00:00.000Z');
    expect(d.allowed('p-hieu')).toEqual([]);

    d.send('p-binh', 'RECORD_CADRE', cadre);
    d.send('p-binh', 'LOG_BRIEFING', { heldOn: '2026-01-05', notes: 'Giao ban đầu năm với Bí thư chi đoàn' });
    logMonthlyMeetings(d, [1, 2, 3]);
    expect(d.snapshot.timers.find((t) => t.name === 'monthEndReminder')!.due).toBe(
      '2026-04-29T01:00:00.000Z',
    );

    // April passes without a meeting: the reminder fires on 29/4 (30/4 is a holiday) and moves to May.
    d.fire('monthEndReminder');
    expect(d.last.effects).toContainEqual({
      type: 'notify',
      message: 'branchReview.noMeetingThisMonth',
      to: { role: 'branchSecretary', unitId: 'cd-thon2', at: 'own' },
      data: { month: '2026-04' },
    });
    expect(timerDues(d)['monthEndReminder']).toBe('2026-05-29T01:00:00.000Z');
    // The branch met on Sunday 26/4 after all; the entry counts, and May's reminder stays.
    d.clock.set(nineAm('2026-05-04'));
    d.send('p-binh', 'LOG_MEETING', {
      heldOn: '2026-04-26',
      topic: 'Sinh hoạt chủ điểm 30/4',
      attendees: 11,
    });
    expect(d.last.effects).toEqual([]);

    d.send('p-binh', 'LOG_YOUTH_PROJECT', youthProject);
    logMonthlyMeetings(d, [5, 6, 7]);
    d.clock.set(nineAm('2026-07-20'));
    d.send('p-binh', 'LOG_JOINT_MEETING', {
      heldOn: '2026-07-18',
      location: 'Nhà văn hóa thôn 5',
      branchCount: 4,
      hostedByThisBranch: false,
      topic: 'Sinh hoạt liên chi đoàn: kỹ năng sơ cấp cứu',
    });
    d.send('p-binh', 'LOG_BRIEFING', { heldOn: '2026-07-03', notes: 'Giao ban 6 tháng cuối năm' });
    logMonthlyMeetings(d, [8, 9, 10, 11]);

    const summary = branchReview.summary!(d.context as never);
    expect(summary['threeHaves']).toEqual({
      hasCadre: true,
      hasRegularMeetings: true,
      hasYouthProject: true,
      met: true,
    });
    expect(summary['meetingMonths']).toHaveLength(11);
    expect(summary['twoBriefingsOneLink']).toEqual({
      briefingsFirstHalf: true,
      briefingsSecondHalf: true,
      jointMeetingMonths: 1,
    });

    d.clock.set(nineAm('2026-11-20'));
    d.send('p-binh', 'SAVE_DRAFT', selfAssessment('outstanding'));
    expect(d.state).toBe('yearRound.drafting');
    d.clock.set(nineAm('2026-11-23'));
    d.send('p-binh', 'SUBMIT');
    expect(d.state).toBe('baseReview');
    expect(
      d.last.effects.filter((e) => e.type === 'timer.cancel').map((e) => (e as { name: string }).name),
    ).toEqual(['monthEndReminder', 'submissionReminder7', 'submissionReminder2', 'submissionOverdue']);
    // Ten working days from Monday 23/11, over two weekends: Monday 7/12.
    expect(timerDues(d)).toEqual({ baseReviewTime: '2026-12-07T02:00:00.000Z' });
    expect(whoActs(d)).toEqual(['baseStanding@tradoc']);
    expect(d.last.tasks[0]!.due).toBe('2026-12-07T02:00:00.000Z');
    expect(d.allowed('p-hieu')).toEqual(['RETURN_TO_BRANCH', 'PROPOSE_LEVEL']);
    expect(d.allowed('p-binh')).toEqual([]);

    d.clock.set(nineAm('2026-12-01'));
    d.send(
      'p-hieu',
      'PROPOSE_LEVEL',
      proposal('outstanding', '2026-11-30'),
      withMeetingRecord({ comment: 'Theo biên bản họp BTV' }),
    );
    expect(d.state).toBe('upperReview');
    expect(d.last.entry.actor).toEqual({
      personId: 'p-hieu',
      role: 'baseStanding',
      unitId: 'tradoc',
      acting: 'TM',
    });
    expect(d.context['baseProposal']).toMatchObject({
      level: 'outstanding',
      meetingRecordNumber: '24-BB/ĐTN',
    });
    expect(whoActs(d)).toEqual(['upperStanding@dn']);
    expect(timerDues(d)).toEqual({ upperReviewTime: '2026-12-15T02:00:00.000Z' });

    // The city already rated two of Trà Đốc's ten branches "xuất sắc": 20% is used up.
    d.clock.set(nineAm('2026-12-03'));
    expect(
      d.refuse('p-ha', 'APPROVE', { topRatingQuota: { grantedThisYear: 2, branchesInBase: 10 } }),
    ).toMatchObject({ reason: 'guard', details: { guards: ['proposalWithinQuota'] } });
    d.send('p-ha', 'APPROVE', {
      decisionNumber: '112-QĐ/TĐTN',
      topRatingQuota: { grantedThisYear: 1, branchesInBase: 10 },
    });
    expect(d.state).toBe('published');
    expect(d.last.entry.actor).toMatchObject({ role: 'upperStanding', unitId: 'dn', acting: 'TM' });
    expect(d.context['result']).toEqual({
      level: 'outstanding',
      decidedAt: nineAm('2026-12-03'),
      decisionNumber: '112-QĐ/TĐTN',
      adjustedFrom: null,
      reason: null,
      onAppeal: false,
    });
    expect(d.last.effects).toContainEqual({
      type: 'notify',
      message: 'branchReview.resultPublished',
      to: { role: 'branchSecretary', unitId: 'cd-thon2', at: 'own' },
      data: { level: 'outstanding' },
    });
    // Ten working days to appeal, from Thursday 3/12: Thursday 17/12.
    expect(timerDues(d)).toEqual({ appealWindow: '2026-12-17T02:00:00.000Z' });
    expect(d.allowed('p-binh')).toEqual(['APPEAL']);

    d.fire('appealWindow');
    expect(d.state).toBe('closed');
    expect(d.snapshot.status).toBe('done');
    expect(d.last.effects).toContainEqual({ type: 'instance.finished', state: 'closed' });
    replays(d);
  });
});

describe('trả lại, điều chỉnh mức và kiến nghị', () => {
  it('Đoàn xã trả lại để bổ sung; Thành đoàn trả lại Đoàn xã, rồi hạ mức có lý do; kiến nghị được giữ nguyên', () => {
    const d = evidenceTheYear(openReview(nineAm('2026-01-05')));
    d.clock.set(nineAm('2026-11-02'));
    d.send('p-binh', 'SAVE_DRAFT', selfAssessment('good')).send('p-binh', 'SUBMIT');

    d.clock.set(nineAm('2026-11-04'));
    d.send('p-khanh', 'RETURN_TO_BRANCH', { comment: 'Bổ sung biên bản sinh hoạt tháng 6' });
    expect(d.state).toBe('yearRound.drafting');
    expect(d.context['lastReturn']).toEqual({
      by: 'base',
      comment: 'Bổ sung biên bản sinh hoạt tháng 6',
      at: nineAm('2026-11-04'),
    });
    expect(d.last.effects).toContainEqual(
      expect.objectContaining({ type: 'notify', message: 'branchReview.returnedToBranch' }),
    );
    // Back in the branch's hands before the deadline: the deadline's timers are armed again.
    expect(timerDues(d)).toMatchObject({
      submissionReminder7: '2026-12-08T01:00:00.000Z',
      submissionOverdue: '2026-12-15T17:00:00.000Z',
    });

    d.send('p-binh', 'SAVE_DRAFT', { ...selfAssessment('good'), shortcomings: 'Tháng 6 chưa lưu biên bản' });
    d.send('p-binh', 'SUBMIT');
    expect(d.context['submissions']).toBe(2);
    d.send('p-hieu', 'PROPOSE_LEVEL', proposal('good', '2026-11-04'), withMeetingRecord());

    d.clock.set(nineAm('2026-11-09'));
    d.send('p-ha', 'RETURN_TO_BASE', { comment: 'Biên bản họp thiếu chữ ký' });
    expect(d.state).toBe('baseReview');
    expect(d.last.effects).toEqual([
      expect.objectContaining({ type: 'timer.cancel', name: 'upperReviewTime' }),
      {
        type: 'notify',
        message: 'branchReview.returnedToBase',
        to: { role: 'baseStanding', unitId: 'cd-thon2', at: 'levelAbove' },
        data: {},
      },
      expect.objectContaining({
        type: 'timer.schedule',
        timer: expect.objectContaining({ name: 'baseReviewTime' }),
      }),
    ]);
    d.send('p-hieu', 'PROPOSE_LEVEL', proposal('good', '2026-11-09', '27-BB/ĐTN'), withMeetingRecord());

    // An "adjustment" to the same level is no adjustment.
    expect(d.refuse('p-tuan', 'ADJUST_LEVEL', { level: 'good', reason: 'x' })).toMatchObject({
      reason: 'guard',
      details: { guards: ['adjustmentWithinQuota'] },
    });
    d.send('p-tuan', 'ADJUST_LEVEL', { level: 'completed', reason: 'Công trình thanh niên chưa hoàn thành' });
    expect(d.context['result']).toMatchObject({
      level: 'completed',
      adjustedFrom: 'good',
      reason: 'Công trình thanh niên chưa hoàn thành',
    });

    d.clock.set(nineAm('2026-11-12'));
    d.send('p-binh', 'APPEAL', { grounds: 'Công trình đã nghiệm thu ngày 30/10, có biên bản kèm theo' });
    expect(d.state).toBe('appeal');
    expect(whoActs(d)).toEqual(['upperStanding@dn']);
    expect(timerDues(d)).toEqual({ appealDecisionTime: '2026-11-26T02:00:00.000Z' });
    d.send('p-ha', 'UPHOLD_RESULT', { comment: 'Biên bản nghiệm thu lập sau thời điểm đánh giá' });
    expect(d.state).toBe('published');
    expect(d.context['result']).toMatchObject({ level: 'completed', onAppeal: false });
    expect(d.context['appeals']).toEqual([
      expect.objectContaining({
        outcome: 'upheld',
        decision: 'Biên bản nghiệm thu lập sau thời điểm đánh giá',
      }),
    ]);
    // One appeal a year: the button is gone, and the result stands when the window closes.
    expect(d.allowed('p-binh')).toEqual([]);
    d.fire('appealWindow');
    expect(d.state).toBe('closed');
    replays(d);
  });

  it('kiến nghị được chấp nhận: nâng lên xuất sắc khi còn hạn mức', () => {
    const d = evidenceTheYear(openReview(nineAm('2026-01-05')));
    d.clock.set(nineAm('2026-11-02'));
    d.send('p-binh', 'SAVE_DRAFT', selfAssessment('outstanding')).send('p-binh', 'SUBMIT');
    d.send('p-hieu', 'PROPOSE_LEVEL', proposal('good', '2026-11-02'), withMeetingRecord());
    d.send('p-ha', 'APPROVE');
    d.send('p-binh', 'APPEAL', { grounds: 'Chi đoàn được Thành đoàn tặng bằng khen trong năm' });
    expect(d.refuse('p-ha', 'AMEND_RESULT', { level: 'outstanding', reason: 'Có bằng khen' })).toMatchObject({
      reason: 'guard',
      details: { guards: ['amendmentWithinQuota'] },
    });
    d.send('p-ha', 'AMEND_RESULT', {
      level: 'outstanding',
      reason: 'Có bằng khen của Thành đoàn',
      topRatingQuota: { grantedThisYear: 0, branchesInBase: 8 },
    });
    expect(d.state).toBe('published');
    expect(d.context['result']).toMatchObject({ level: 'outstanding', adjustedFrom: 'good', onAppeal: true });
    expect(d.context['appeals'][0]).toMatchObject({ outcome: 'amended' });
    replays(d);
  });
});

describe('quá hạn: Bí thư Đoàn xã làm thay, thẩm định qua Tết', () => {
  it('chi đoàn yếu không nộp; nhắc trước hạn, quá hạn chuyển Đoàn xã, hạn thẩm định tính qua nghỉ Tết', () => {
    const d = openReview(nineAm('2025-11-03'), { input: { ...thon2Review2026, year: 2025 } });
    // 30/11/2025 is a Sunday: the reminder comes on Friday 28/11.
    expect(timerDues(d)['monthEndReminder']).toBe('2025-11-28T01:00:00.000Z');
    d.fire('monthEndReminder');
    expect(timerDues(d)['monthEndReminder']).toBe('2025-12-31T01:00:00.000Z');

    d.fire('submissionReminder7');
    expect(d.last.effects).toEqual([
      {
        type: 'notify',
        message: 'branchReview.submissionDue',
        to: { role: 'branchSecretary', unitId: 'cd-thon2', at: 'own' },
        data: { daysBefore: 7, deadline: '2025-12-15' },
      },
    ]);
    d.fire('submissionReminder2');
    d.fire('submissionOverdue');
    expect(d.context).toMatchObject({ escalated: true, lateStages: ['submission'] });
    expect(d.last.effects).toEqual([
      {
        type: 'notify',
        message: 'branchReview.submissionOverdue',
        to: { role: 'baseSecretary', unitId: 'cd-thon2', at: 'levelAbove' },
        data: {},
      },
    ]);
    expect(whoActs(d)).toEqual(['baseSecretary@tradoc', 'branchSecretary@cd-thon2']);
    expect(d.allowed('p-hieu')).toContain('SAVE_DRAFT');

    // December's reminder is the last: nothing is armed for the next year.
    d.fire('monthEndReminder');
    expect(d.last.effects.map((e) => e.type)).toEqual(['notify']);
    expect(d.snapshot.timers).toEqual([]);

    d.clock.set(nineAm('2026-02-06'));
    d.send('p-hieu', 'SAVE_DRAFT', selfAssessment('good'));
    expect(d.refuse('p-hieu', 'SUBMIT')).toMatchObject({
      reason: 'guard',
      details: { guards: ['threeHavesEvidenced', 'selfRatedNotCompleted'] },
    });
    d.send('p-hieu', 'SAVE_DRAFT', {
      proposedLevel: 'notCompleted',
      selfAssessment: 'Chi đoàn không duy trì sinh hoạt, chưa kiện toàn Ban Chấp hành',
    });
    d.send('p-hieu', 'SUBMIT');
    expect(d.last.entry.actor).toEqual({
      personId: 'p-hieu',
      role: 'baseSecretary',
      unitId: 'tradoc',
      acting: 'self',
    });
    // Friday 6/2/2026: ten working days skip Tết Bính Ngọ (16–20/2): Friday 27/2.
    expect(timerDues(d)).toEqual({ baseReviewTime: '2026-02-27T02:00:00.000Z' });

    d.fire('baseReviewTime');
    expect(d.last.effects).toEqual([
      {
        type: 'notify',
        message: 'branchReview.baseReviewOverdue',
        to: { role: 'upperStanding', unitId: 'tradoc', at: 'levelAbove' },
        data: {},
      },
    ]);
    expect(d.context['lateStages']).toEqual(['submission', 'baseReview']);
    d.send(
      'p-khanh',
      'PROPOSE_LEVEL',
      proposal('notCompleted', '2026-02-27', '03-BB/ĐTN'),
      withMeetingRecord(),
    );
    d.send('p-tuan', 'APPROVE');
    expect(d.context['result']).toMatchObject({ level: 'notCompleted' });
    replays(d);
  });

  it('bị trả lại sau hạn nộp thì có 5 ngày làm việc để nộp lại', () => {
    const d = evidenceTheYear(openReview(nineAm('2026-01-05')), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    // December's meeting is logged: the year is covered, no reminder is left.
    expect(d.snapshot.timers.map((t) => t.name)).not.toContain('monthEndReminder');
    d.clock.set(nineAm('2026-12-14'));
    d.send('p-binh', 'SAVE_DRAFT', selfAssessment('good')).send('p-binh', 'SUBMIT');
    d.clock.set(nineAm('2026-12-17'));
    d.send('p-hieu', 'RETURN_TO_BRANCH', { comment: 'Thiếu số liệu đoàn viên' });
    // Thursday 17/12 + 5 working days, over the weekend: Thursday 24/12.
    expect(timerDues(d)).toEqual({ submissionOverdue: '2026-12-24T02:00:00.000Z' });
    d.fire('submissionOverdue');
    expect(d.context['escalated']).toBe(true);
    expect(d.allowed('p-hieu')).toContain('SUBMIT');
  });
});

describe('sáp nhập đoàn cơ sở giữa năm (1/7/2025)', () => {
  it('việc thẩm định chuyển sang Đoàn xã Trà My; cấp trên là Thành đoàn', () => {
    const d = openReview(nineAm('2025-03-03'), {
      opener: 'p-son',
      input: { branchId: 'cd-tdp1', year: 2025, baseId: 'tt-tramy' },
    });
    expect(d.context['baseId']).toBe('tt-tramy');
    d.clock.set(nineAm('2025-12-01'));
    d.send('p-giang', 'SAVE_DRAFT', selfAssessment('notCompleted')).send('p-giang', 'SUBMIT');
    expect(whoActs(d)).toEqual(['baseStanding@tramy']);
    expect(d.allowed('p-son')).toEqual([]);
    expect(d.allowed('p-minh')).toEqual(['RETURN_TO_BRANCH', 'PROPOSE_LEVEL']);
    d.send('p-minh', 'PROPOSE_LEVEL', proposal('notCompleted', '2025-12-01'), withMeetingRecord());
    expect(d.context['baseId']).toBe('tramy');
    expect(whoActs(d)).toEqual(['upperStanding@dn']);
    replays(d);
  });
});

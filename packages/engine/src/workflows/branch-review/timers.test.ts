import { describe, expect, it } from 'vitest';
import type { Effect } from '../../effects.ts';
import {
  cadre,
  meetingOn,
  nineAm,
  openReview,
  timerDues,
  withMeetingRecord,
  youthProject,
} from './fixtures.ts';

const scheduled = (effects: Effect[]) =>
  effects.flatMap((e) => (e.type === 'timer.schedule' ? [`${e.timer.name}@${e.timer.due}`] : []));
const cancelled = (effects: Effect[]) => effects.flatMap((e) => (e.type === 'timer.cancel' ? [e.name] : []));
const pendingId = (d: ReturnType<typeof openReview>, name: string) =>
  d.snapshot.timers.find((timer) => timer.name === name)!.id;

describe('nhắc sinh hoạt cuối tháng', () => {
  it('a meeting of the watched month moves the reminder to the end of the next month', () => {
    const d = openReview(nineAm('2026-03-02'));
    expect(timerDues(d)['monthEndReminder']).toBe('2026-03-31T01:00:00.000Z');
    const marchReminder = pendingId(d, 'monthEndReminder');

    d.clock.set(nineAm('2026-03-09'));
    d.send('p-binh', 'LOG_MEETING', meetingOn('2026-03-07'));
    expect(d.last.effects).toEqual([
      { type: 'timer.cancel', timerId: marchReminder, name: 'monthEndReminder' },
      expect.objectContaining({
        type: 'timer.schedule',
        // 30/4 is a holiday: the last working day of April is Wednesday 29/4.
        timer: expect.objectContaining({
          name: 'monthEndReminder',
          kind: 'reminder',
          due: '2026-04-29T01:00:00.000Z',
        }),
      }),
    ]);

    // A joint meeting of several branches counts as the month's meeting too.
    d.clock.set(nineAm('2026-04-13'));
    d.send('p-binh', 'LOG_JOINT_MEETING', {
      heldOn: '2026-04-11',
      location: 'Hội trường thôn 5',
      branchCount: 3,
      hostedByThisBranch: false,
      topic: 'Liên chi đoàn chào mừng 30/4',
    });
    expect(scheduled(d.last.effects)).toEqual(['monthEndReminder@2026-05-29T01:00:00.000Z']);
    expect(d.context['reminderMonth']).toBe('2026-05');
  });

  it('a second meeting in the same month, or a late entry for an earlier one, leaves it alone', () => {
    const d = openReview(nineAm('2026-03-02'));
    d.clock.set(nineAm('2026-03-09'));
    d.send('p-binh', 'LOG_MEETING', meetingOn('2026-03-07'));
    d.send('p-binh', 'LOG_MEETING', meetingOn('2026-03-08'));
    expect(d.last.effects).toEqual([]);
    d.send('p-binh', 'LOG_MEETING', meetingOn('2026-01-20'));
    expect(d.last.effects).toEqual([]);
    expect(d.context['meetings']).toHaveLength(3);
  });

  it('fires when the month had no meeting, and watches the next month', () => {
    const d = openReview(nineAm('2026-06-01'));
    d.fire('monthEndReminder');
    expect(d.last.entry).toMatchObject({ type: 'MONTH_END_CHECK', actor: { role: 'system' } });
    expect(d.last.effects).toEqual([
      {
        type: 'notify',
        message: 'branchReview.noMeetingThisMonth',
        to: { role: 'branchSecretary', unitId: 'cd-thon2', at: 'own' },
        data: { month: '2026-06' },
      },
      expect.objectContaining({ type: 'timer.schedule' }),
    ]);
    // 31/7/2026 is a Friday.
    expect(timerDues(d)['monthEndReminder']).toBe('2026-07-31T01:00:00.000Z');
  });

  it('watches only the review year', () => {
    expect(timerDues(openReview(nineAm('2025-12-22')))['monthEndReminder']).toBe('2026-01-30T01:00:00.000Z');
    expect(timerDues(openReview(nineAm('2027-01-05')))['monthEndReminder']).toBeUndefined();
  });
});

describe('hạn nộp bản tự đánh giá', () => {
  it('skips reminders already past when the review is opened late', () => {
    expect(Object.keys(timerDues(openReview(nineAm('2026-12-10'))))).toEqual([
      'monthEndReminder',
      'submissionReminder2',
      'submissionOverdue',
    ]);
    // Opened after the deadline (Tuesday 5/1/2027): five working days, no reminders.
    expect(timerDues(openReview(nineAm('2027-01-05')))).toEqual({
      submissionOverdue: '2027-01-12T02:00:00.000Z',
    });
  });

  it('follows the deployment policy for the deadline and the reminders', () => {
    const d = openReview(nineAm('2026-11-02'), {
      policy: { submissionDeadline: '11-30', submissionReminderDaysBefore: [10] },
    });
    expect(timerDues(d)).toEqual({
      monthEndReminder: '2026-11-30T01:00:00.000Z',
      submissionReminder10: '2026-11-20T01:00:00.000Z',
      submissionOverdue: '2026-11-30T17:00:00.000Z',
    });
  });

  it('keeps its timers while the branch moves from logging to drafting, and cancels them all on submission', () => {
    const d = openReview(nineAm('2026-11-02'), { policy: { regularMeetingMinMonths: 1 } });
    d.send('p-binh', 'RECORD_CADRE', cadre)
      .send('p-binh', 'LOG_MEETING', meetingOn('2026-10-30'))
      .send('p-binh', 'LOG_YOUTH_PROJECT', youthProject);
    const before = d.snapshot.timers;
    d.send('p-binh', 'SAVE_DRAFT', { proposedLevel: 'good', selfAssessment: 'Tốt' });
    expect(d.last.effects).toEqual([]);
    expect(d.snapshot.timers).toEqual(before);
    d.send('p-binh', 'SUBMIT');
    expect(d.last.effects.filter((e) => e.type === 'timer.cancel')).toEqual(
      before.map((timer) => ({ type: 'timer.cancel', timerId: timer.id, name: timer.name })),
    );
    expect(Object.keys(timerDues(d))).toEqual(['baseReviewTime']);
  });

  it('escalates once: a draft returned after the escalation gets no second overdue timer', () => {
    const d = openReview(nineAm('2026-11-02'), { policy: { regularMeetingMinMonths: 1 } });
    d.send('p-binh', 'RECORD_CADRE', cadre)
      .send('p-binh', 'LOG_MEETING', meetingOn('2026-10-30'))
      .send('p-binh', 'LOG_YOUTH_PROJECT', youthProject);
    d.fire('monthEndReminder')
      .fire('submissionReminder7')
      .fire('submissionReminder2')
      .fire('submissionOverdue');
    d.clock.set(nineAm('2026-12-16'));
    d.send('p-hieu', 'SAVE_DRAFT', { proposedLevel: 'good', selfAssessment: 'Bí thư Đoàn xã lập thay' });
    d.send('p-hieu', 'SUBMIT');
    d.clock.set(nineAm('2026-12-17'));
    d.send('p-khanh', 'RETURN_TO_BRANCH', { comment: 'Chi đoàn bổ sung số liệu' });
    expect(timerDues(d)).toEqual({ monthEndReminder: '2026-12-31T01:00:00.000Z' });
    expect(d.allowed('p-hieu')).toContain('SUBMIT');
  });
});

describe('thời hạn thẩm định, xét duyệt và giải quyết kiến nghị', () => {
  /** Thôn 2 submits on Monday 2/11/2026; the deployment gives each level 5 working days. */
  const submitted = () => {
    const d = openReview(nineAm('2026-11-02'), {
      policy: { regularMeetingMinMonths: 1, reviewWorkingDays: 5 },
    });
    return d
      .send('p-binh', 'RECORD_CADRE', cadre)
      .send('p-binh', 'LOG_MEETING', meetingOn('2026-10-30'))
      .send('p-binh', 'LOG_YOUTH_PROJECT', youthProject)
      .send('p-binh', 'SAVE_DRAFT', { proposedLevel: 'good', selfAssessment: 'Tốt' })
      .send('p-binh', 'SUBMIT');
  };
  const proposal = {
    level: 'good',
    meetingRecordNumber: '20-BB',
    meetingDate: '2026-11-04',
    appraisal: 'Tốt',
  };

  it('each review level has its time, scheduled on entry and cancelled on leaving', () => {
    const d = submitted();
    expect(d.snapshot.timers).toEqual([
      expect.objectContaining({
        name: 'baseReviewTime',
        kind: 'escalation',
        due: '2026-11-09T02:00:00.000Z',
      }),
    ]);
    const baseTimer = pendingId(d, 'baseReviewTime');
    d.clock.set(nineAm('2026-11-04'));
    d.send('p-hieu', 'PROPOSE_LEVEL', proposal, withMeetingRecord());
    expect(d.last.effects).toEqual([
      { type: 'timer.cancel', timerId: baseTimer, name: 'baseReviewTime' },
      expect.objectContaining({ type: 'timer.schedule' }),
    ]);
    // Wednesday 4/11 + 5 working days: Wednesday 11/11.
    expect(scheduled(d.last.effects)).toEqual(['upperReviewTime@2026-11-11T02:00:00.000Z']);
    expect(d.last.tasks[0]!.due).toBe('2026-11-11T02:00:00.000Z');
  });

  it('a late upper review is reported to the standing secretaries of that level, who may still decide', () => {
    const d = submitted();
    d.clock.set(nineAm('2026-11-04'));
    d.send('p-hieu', 'PROPOSE_LEVEL', proposal, withMeetingRecord());
    d.fire('upperReviewTime');
    expect(d.state).toBe('upperReview');
    expect(d.last.effects).toEqual([
      {
        type: 'notify',
        message: 'branchReview.upperReviewOverdue',
        to: { role: 'standingSecretary', unitId: 'tradoc', at: 'levelAbove' },
        data: {},
      },
    ]);
    expect(d.context['lateStages']).toEqual(['upperReview']);
    expect(d.allowed('p-ha')).toEqual(['APPROVE', 'ADJUST_LEVEL', 'RETURN_TO_BASE']);
  });

  it('an appeal stops the appeal window; its decision reopens it; a late decision is reported', () => {
    const d = submitted();
    d.clock.set(nineAm('2026-11-04'));
    d.send('p-hieu', 'PROPOSE_LEVEL', proposal, withMeetingRecord()).send('p-ha', 'APPROVE');
    expect(d.snapshot.timers).toEqual([
      expect.objectContaining({ name: 'appealWindow', kind: 'deadline', due: '2026-11-18T02:00:00.000Z' }),
    ]);
    const window = pendingId(d, 'appealWindow');
    d.clock.set(nineAm('2026-11-06'));
    d.send('p-binh', 'APPEAL', { grounds: 'Chưa tính sinh hoạt liên chi đoàn tháng 10' });
    expect(cancelled(d.last.effects)).toEqual(['appealWindow']);
    expect(d.last.effects[0]).toMatchObject({ timerId: window });
    // Friday 6/11 + 10 working days: Friday 20/11.
    expect(scheduled(d.last.effects)).toEqual(['appealDecisionTime@2026-11-20T02:00:00.000Z']);

    d.fire('appealDecisionTime');
    expect(d.last.effects).toEqual([
      expect.objectContaining({
        message: 'branchReview.appealOverdue',
        to: expect.objectContaining({ role: 'standingSecretary' }),
      }),
    ]);
    expect(d.context['lateStages']).toEqual(['appeal']);

    d.clock.set(nineAm('2026-11-23'));
    d.send('p-tuan', 'UPHOLD_RESULT', { comment: 'Đã tính đủ' });
    expect(scheduled(d.last.effects)).toEqual(['appealWindow@2026-12-07T02:00:00.000Z']);
    const ids = d.effects.flatMap((e) => (e.type === 'timer.schedule' ? [e.timer.id] : []));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

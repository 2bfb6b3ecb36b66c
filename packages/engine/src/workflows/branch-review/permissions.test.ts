import { describe, expect, it } from 'vitest';
import { InstanceDriver, refusal } from '../../testing/harness.ts';
import {
  cadre,
  nineAm,
  openReview,
  reviewDirectory,
  thon2Review2026,
  withMeetingRecord,
  youthProject,
} from './fixtures.ts';
import { branchReview } from './index.ts';

const monday = nineAm('2026-11-02');
const payloads = {
  RECORD_CADRE: cadre,
  LOG_MEETING: { heldOn: '2026-10-30', topic: 'Sinh hoạt chi đoàn', attendees: 10 },
  LOG_JOINT_MEETING: {
    heldOn: '2026-10-25',
    location: 'Nhà văn hóa thôn 2',
    branchCount: 3,
    hostedByThisBranch: true,
    topic: 'Liên chi đoàn',
  },
  LOG_BRIEFING: { heldOn: '2026-07-03', notes: 'Giao ban 6 tháng cuối năm' },
  LOG_YOUTH_PROJECT: youthProject,
  SAVE_DRAFT: { proposedLevel: 'good', selfAssessment: 'Hoàn thành tốt' },
  SUBMIT: {},
  RETURN_TO_BRANCH: { comment: 'Bổ sung' },
  PROPOSE_LEVEL: { level: 'good', meetingRecordNumber: '20-BB', meetingDate: '2026-11-02', appraisal: 'Tốt' },
  APPROVE: {},
  ADJUST_LEVEL: { level: 'completed', reason: 'Thiếu minh chứng' },
  RETURN_TO_BASE: { comment: 'Thiếu biên bản' },
  APPEAL: { grounds: 'Đủ minh chứng' },
  UPHOLD_RESULT: { comment: 'Giữ nguyên' },
  AMEND_RESULT: { level: 'completed', reason: 'Điều chỉnh' },
} as const;
type PersonEvent = keyof typeof payloads;

/** Thôn 2's review on 2 November 2026, driven to the named state (one meeting month suffices here). */
function reach(state: string): InstanceDriver {
  const d = openReview(monday, { policy: { regularMeetingMinMonths: 1 } });
  const steps: [string, () => void][] = [
    ['yearRound.evidenceLog', () => {}],
    [
      'yearRound.drafting',
      () =>
        d
          .send('p-binh', 'RECORD_CADRE', cadre)
          .send('p-binh', 'LOG_MEETING', payloads.LOG_MEETING)
          .send('p-binh', 'LOG_YOUTH_PROJECT', youthProject)
          .send('p-binh', 'SAVE_DRAFT', payloads.SAVE_DRAFT),
    ],
    ['baseReview', () => d.send('p-binh', 'SUBMIT')],
    ['upperReview', () => d.send('p-hieu', 'PROPOSE_LEVEL', payloads.PROPOSE_LEVEL, withMeetingRecord())],
    ['published', () => d.send('p-ha', 'APPROVE')],
    ['appeal', () => d.send('p-binh', 'APPEAL', payloads.APPEAL)],
  ];
  for (const [name, act] of steps) {
    act();
    if (name === state) return d;
  }
  throw new Error(`cannot reach ${state}`);
}

interface Row {
  event: PersonEvent;
  state: string;
  /** Holds no role the event needs. */
  wrongRole: string;
  /** Holds the role, at another unit. */
  wrongUnit: string;
  /** Could decide, but is a member of the branch or holds a role in it. */
  conflicted?: string;
  wrongState: string;
}

const branchRow = (event: PersonEvent, state = 'yearRound.evidenceLog'): Row => ({
  event,
  state,
  wrongRole: 'p-lan', // a member of Tây An, no office
  wrongUnit: 'p-cuong', // secretary of thôn 5
  wrongState: 'baseReview',
});
const baseRow = (event: PersonEvent): Row => ({
  event,
  state: 'baseReview',
  wrongRole: 'p-binh', // the branch secretary has no seat on the base committee
  wrongUnit: 'p-nga', // standing committee of phường Hòa Châu
  conflicted: 'p-linh', // Trà Đốc standing committee, lives in thôn 2
  wrongState: 'upperReview',
});
const upperRow = (event: PersonEvent, state: string): Row => ({
  event,
  state,
  wrongRole: 'p-hieu', // the base committee cannot decide for the city
  wrongUnit: 'p-khoa', // central standing committee: not the level directly above
  conflicted: 'p-phuc', // city standing committee, on thôn 2's branch committee
  wrongState: 'baseReview',
});

const rows: Row[] = [
  branchRow('RECORD_CADRE'),
  branchRow('LOG_MEETING'),
  branchRow('LOG_JOINT_MEETING'),
  branchRow('LOG_BRIEFING'),
  branchRow('LOG_YOUTH_PROJECT'),
  branchRow('SAVE_DRAFT'),
  { ...branchRow('SUBMIT', 'yearRound.drafting'), wrongState: 'yearRound.evidenceLog' },
  baseRow('RETURN_TO_BRANCH'),
  baseRow('PROPOSE_LEVEL'),
  upperRow('APPROVE', 'upperReview'),
  upperRow('ADJUST_LEVEL', 'upperReview'),
  upperRow('RETURN_TO_BASE', 'upperReview'),
  branchRow('APPEAL', 'published'),
  upperRow('UPHOLD_RESULT', 'appeal'),
  upperRow('AMEND_RESULT', 'appeal'),
];

describe('branch review permissions', () => {
  it('covers every event a person can send', () => {
    const personEvents = Object.entries(branchReview.events)
      .filter(([, spec]) => !spec.timer)
      .map(([type]) => type);
    expect(rows.map((row) => row.event).sort()).toEqual(personEvents.sort());
  });

  it('subjects exactly the decisions about the branch to the conflict-of-interest rule', () => {
    const decisions = Object.entries(branchReview.events)
      .filter(([, spec]) => spec.decision)
      .map(([type]) => type);
    expect(
      rows
        .filter((row) => row.conflicted)
        .map((row) => row.event)
        .sort(),
    ).toEqual(decisions.sort());
  });

  describe.each(rows)('$event in $state', (row) => {
    const payload = payloads[row.event];

    it('is refused for a person without the role, nothing changing', () => {
      expect(reach(row.state).refuse(row.wrongRole, row.event, payload)).toMatchObject({
        code: 'EVENT_NOT_ALLOWED',
        reason: 'role',
      });
    });

    it('is refused for the role held at another unit', () => {
      expect(reach(row.state).refuse(row.wrongUnit, row.event, payload)).toMatchObject({
        code: 'EVENT_NOT_ALLOWED',
        reason: 'unit',
      });
    });

    it('is refused in a state where it does not apply', () => {
      expect(reach(row.wrongState).refuse('p-binh', row.event, payload)).toMatchObject({
        code: 'EVENT_NOT_ALLOWED',
        reason: 'state',
      });
    });
  });

  describe.each(rows.filter((row) => row.conflicted))('$event in $state', (row) => {
    it('is refused to an officer who belongs to the branch, and not offered to them', () => {
      const d = reach(row.state);
      expect(d.refuse(row.conflicted!, row.event, payloads[row.event])).toMatchObject({
        code: 'EVENT_NOT_ALLOWED',
        reason: 'conflict_of_interest',
      });
      expect(d.allowed(row.conflicted!)).toEqual([]);
    });
  });

  it.each([
    ['MONTH_END_CHECK', 'yearRound.evidenceLog', {}],
    ['SUBMISSION_REMINDER', 'yearRound.evidenceLog', { daysBefore: 7 }],
    ['SUBMISSION_OVERDUE', 'yearRound.drafting', {}],
    ['REVIEW_OVERDUE', 'baseReview', {}],
    ['APPEAL_WINDOW_CLOSED', 'published', {}],
  ])('refuses the timer event %s sent by a person', (event, state, payload) => {
    expect(reach(state).refuse('p-hieu', event, payload)).toMatchObject({
      code: 'EVENT_NOT_ALLOWED',
      reason: 'timer_only',
    });
  });

  it('lets the base secretary act for the branch only once the deadline has passed', () => {
    const d = reach('yearRound.drafting');
    expect(d.refuse('p-hieu', 'SUBMIT').reason).toBe('guard');
    d.fire('submissionOverdue');
    expect(d.refuse('p-nga', 'SUBMIT').reason).toBe('unit');
    d.send('p-hieu', 'SUBMIT');
    expect(d.last.entry.actor).toMatchObject({ role: 'baseSecretary', unitId: 'tradoc' });
  });

  it('records the deputy branch secretary as signing "KT." and refuses forms an officer does not hold', () => {
    const d = reach('yearRound.evidenceLog');
    expect(d.refuse('p-an', 'LOG_MEETING', payloads.LOG_MEETING, { acting: 'self' }).reason).toBe(
      'acting_form',
    );
    d.send('p-an', 'LOG_MEETING', payloads.LOG_MEETING);
    expect(d.last.entry.actor).toEqual({
      personId: 'p-an',
      role: 'branchSecretary',
      unitId: 'cd-thon2',
      acting: 'KT',
    });
    const review = reach('baseReview');
    expect(review.refuse('p-hieu', 'PROPOSE_LEVEL', payloads.PROPOSE_LEVEL, { acting: 'KT' }).reason).toBe(
      'acting_form',
    );
  });

  it('shows each officer exactly the buttons they may press', () => {
    const evidence = [
      'RECORD_CADRE',
      'LOG_MEETING',
      'LOG_JOINT_MEETING',
      'LOG_BRIEFING',
      'LOG_YOUTH_PROJECT',
    ];
    const log = reach('yearRound.evidenceLog');
    expect(log.allowed('p-binh')).toEqual([...evidence, 'SAVE_DRAFT']);
    expect(log.allowed('p-an')).toEqual([...evidence, 'SAVE_DRAFT']);
    expect(log.allowed('p-hieu')).toEqual([]);
    expect(log.allowed('p-cuong')).toEqual([]);

    const drafting = reach('yearRound.drafting');
    expect(drafting.allowed('p-binh')).toEqual([...evidence, 'SAVE_DRAFT', 'SUBMIT']);
    drafting.fire('submissionOverdue');
    expect(drafting.allowed('p-hieu')).toEqual([...evidence, 'SAVE_DRAFT', 'SUBMIT']);
    expect(drafting.allowed('p-nga')).toEqual([]);

    const base = reach('baseReview');
    expect(base.allowed('p-hieu')).toEqual(['RETURN_TO_BRANCH', 'PROPOSE_LEVEL']);
    expect(base.allowed('p-khanh')).toEqual(['RETURN_TO_BRANCH', 'PROPOSE_LEVEL']);
    expect(base.allowed('p-binh')).toEqual([]);
    expect(base.allowed('p-ha')).toEqual([]);

    const upper = reach('upperReview');
    expect(upper.allowed('p-ha')).toEqual(['APPROVE', 'ADJUST_LEVEL', 'RETURN_TO_BASE']);
    expect(upper.allowed('p-tuan')).toEqual(['APPROVE', 'ADJUST_LEVEL', 'RETURN_TO_BASE']);
    expect(upper.allowed('p-hieu')).toEqual([]);

    const published = reach('published');
    expect(published.allowed('p-binh')).toEqual(['APPEAL']);
    expect(published.allowed('p-ha')).toEqual([]);

    const appeal = reach('appeal');
    expect(appeal.allowed('p-ha')).toEqual(['UPHOLD_RESULT', 'AMEND_RESULT']);
    expect(appeal.allowed('p-binh')).toEqual([]);
  });
});

describe('payloads and guards', () => {
  const paths = (error: { details: Record<string, unknown> }) =>
    (error.details['issues'] as { path: string[] }[]).map((issue) => issue.path.join('.')).sort();

  it.each([
    [
      'LOG_MEETING',
      'yearRound.evidenceLog',
      { heldOn: '2026-13-01', topic: '   ', attendees: 0 },
      ['attendees', 'heldOn', 'topic'],
    ],
    [
      'SAVE_DRAFT',
      'yearRound.evidenceLog',
      { proposedLevel: 'xuatSac', selfAssessment: 'Tốt' },
      ['proposedLevel'],
    ],
    ['SUBMIT', 'yearRound.drafting', { note: 'gửi' }, ['']],
    [
      'PROPOSE_LEVEL',
      'baseReview',
      { level: 'good', meetingDate: '2026-11-02', appraisal: 'Tốt' },
      ['meetingRecordNumber'],
    ],
    [
      'APPROVE',
      'upperReview',
      { topRatingQuota: { grantedThisYear: -1, branchesInBase: 0 } },
      ['topRatingQuota.branchesInBase', 'topRatingQuota.grantedThisYear'],
    ],
    ['ADJUST_LEVEL', 'upperReview', { level: 'completed' }, ['reason']],
    ['APPEAL', 'published', { grounds: 'x'.repeat(4001) }, ['grounds']],
  ])('refuses a bad %s payload with the zod issues', (event, state, payload, expected) => {
    const error = reach(state).refuse('p-binh', event, payload);
    expect(error.code).toBe('INVALID_PAYLOAD');
    expect(paths(error)).toEqual(expected);
  });

  it('accepts evidence only from the review year and not from the future', () => {
    const d = reach('yearRound.evidenceLog');
    for (const heldOn of ['2026-11-05', '2025-12-20']) {
      expect(d.refuse('p-binh', 'LOG_MEETING', { ...payloads.LOG_MEETING, heldOn })).toMatchObject({
        reason: 'guard',
        details: { guards: ['meetingCoversWatchedMonth', 'evidenceDatedInReviewYear'] },
      });
    }
    expect(d.refuse('p-binh', 'RECORD_CADRE', { ...cadre, since: '2026-12-01' })).toMatchObject({
      reason: 'guard',
      details: { guards: ['cadreNotDatedInFuture'] },
    });
  });

  it('wants the base committee meeting held after the submission', () => {
    const d = reach('baseReview');
    expect(
      d.refuse(
        'p-hieu',
        'PROPOSE_LEVEL',
        { ...payloads.PROPOSE_LEVEL, meetingDate: '2026-10-30' },
        withMeetingRecord(),
      ),
    ).toMatchObject({ reason: 'guard', details: { guards: ['meetingRecordDatedSinceSubmission'] } });
  });
});

describe('opening a review', () => {
  const open = (personId: string, input: object = thon2Review2026, policy?: Record<string, unknown>) =>
    new InstanceDriver(branchReview, { now: monday, directory: reviewDirectory }).start(
      personId,
      input,
      policy,
    );

  it('is for the base directly above the branch, or the system', () => {
    expect(refusal(() => open('p-binh'))).toMatchObject({ code: 'EVENT_NOT_ALLOWED', reason: 'role' });
    expect(refusal(() => open('p-nga'))).toMatchObject({ code: 'EVENT_NOT_ALLOWED', reason: 'unit' });
    const bySystem = open('system');
    expect(bySystem.context['baseId']).toBe('tradoc');
    expect(bySystem.history[0]!.actor.role).toBe('system');
    // The base officer's own unit is the branch's base, whatever the input said.
    expect(open('p-khanh', { ...thon2Review2026, baseId: 'hoachau' }).context['baseId']).toBe('tradoc');
  });

  it('refuses a bad input or policy with the zod issues', () => {
    expect(refusal(() => open('p-hieu', { ...thon2Review2026, year: 1999, extra: true }))).toMatchObject({
      code: 'INVALID_INPUT',
      details: { issues: expect.arrayContaining([expect.objectContaining({ path: ['year'] })]) },
    });
    expect(refusal(() => open('p-hieu', thon2Review2026, { submissionDeadline: '02-30' }))).toMatchObject({
      code: 'INVALID_DEFINITION',
      details: { issues: [expect.objectContaining({ path: ['submissionDeadline'] })] },
    });
  });
});

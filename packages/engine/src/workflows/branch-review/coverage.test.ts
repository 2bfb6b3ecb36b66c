import { describe, expect, it } from 'vitest';
import { allTransitions, exploreWorkflow } from '../../testing/explore.ts';
import { checkSummaryLabels } from '../../testing/labels.ts';
import type { BranchReviewContext } from './context.ts';
import { threeHaves } from './evidence.ts';
import { branchReview, branchReviewV2 } from './index.ts';

// Explored on 10 December 2026: the month-end reminder watches December, its last month.
const at = '2026-12-10T02:00:00.000Z';
const threeHavesOf = (c: BranchReviewContext) => {
  const { met: _met, ...criteria } = threeHaves(c);
  return criteria;
};
const baseActor = { personId: 'x', role: 'baseStanding', unitId: 'tradoc', acting: 'TM' } as const;
const upperActor = { personId: 'y', role: 'upperStanding', unitId: 'dn', acting: 'TM' } as const;
/** The round as the server counts it: room for one top rating. */
const facts = { goodOrBetter: 4, allBranches: 6, topRated: 0 };
/** v1: the base proposes and the level above approves, with the year's figures typed in. */
const quota = { grantedThisYear: 0, branchesInBase: 10 };
const propose = (level: string) => ({
  payload: { level, meetingRecordNumber: '15-BB', meetingDate: '2026-12-10', appraisal: 'Đề nghị' },
  meta: { actor: baseActor },
});
/** v2: the base decides; the server counts the round. */
const decide = (level: string) => ({
  payload: { level, meetingRecordNumber: '15-BB', meetingDate: '2026-12-10', appraisal: 'Thống nhất' },
  meta: { actor: baseActor, facts },
});

/** Both versions from one set of samples: each is offered only the events it has. */
describe.each([branchReview, branchReviewV2])('branch review v$version: generated paths', (definition) => {
  const coverage = exploreWorkflow(definition, {
    at,
    // One meeting month is "regular" here, so short paths reach the reviews (v2: the level above
    // approves top ratings; v1's policy has no such rule and drops it).
    policy: { regularMeetingMinMonths: 1, upperApprovesTopRating: true },
    inputs: [{ branchId: 'cd-thon2', year: 2026, baseId: 'tradoc' }],
    events: {
      RECORD_CADRE: [{ payload: { name: 'Trần Thị Bình', position: 'secretary', since: '2024-03-01' } }],
      LOG_MEETING: [
        { payload: { heldOn: '2026-12-05', topic: 'Sinh hoạt chủ điểm', attendees: 12 } },
        { payload: { heldOn: '2026-06-14', topic: 'Sinh hoạt hè', attendees: 9 } },
      ],
      LOG_JOINT_MEETING: [
        {
          payload: {
            heldOn: '2026-12-06',
            location: 'Nhà văn hóa thôn 5',
            branchCount: 3,
            hostedByThisBranch: false,
            topic: 'Giao lưu',
          },
        },
        {
          payload: {
            heldOn: '2026-06-20',
            location: 'Nhà văn hóa thôn 2',
            branchCount: 2,
            hostedByThisBranch: true,
            topic: 'Ra quân tình nguyện hè',
          },
        },
      ],
      LOG_BRIEFING: [{ payload: { heldOn: '2026-07-02', notes: 'Giao ban 6 tháng cuối năm' } }],
      LOG_YOUTH_PROJECT: [
        {
          payload: {
            name: 'Đường cờ Tổ quốc',
            kind: 'project',
            startedOn: '2026-03-26',
            description: '500 m đường cờ',
          },
        },
      ],
      SAVE_DRAFT: [
        { payload: { proposedLevel: 'good', selfAssessment: 'Hoàn thành các chỉ tiêu' } },
        { payload: { proposedLevel: 'notCompleted', selfAssessment: 'Chưa duy trì sinh hoạt' } },
      ],
      SUBMIT: [{}],
      RETURN_TO_BRANCH: [{ payload: { comment: 'Bổ sung minh chứng' } }],
      PROPOSE_LEVEL: [propose('outstanding'), propose('good')],
      APPROVE: [{ payload: {} }, { payload: { topRatingQuota: quota } }],
      ADJUST_LEVEL: [
        { payload: { level: 'completed', reason: 'Chưa đủ minh chứng' } },
        { payload: { level: 'outstanding', reason: 'Thành tích nổi bật', topRatingQuota: quota } },
      ],
      RETURN_TO_BASE: [{ payload: { comment: 'Thiếu biên bản' } }],
      DECIDE_LEVEL: [decide('outstanding'), decide('good')],
      APPROVE_TOP_RATING: [{ payload: {}, meta: { actor: upperActor } }],
      REJECT_TOP_RATING: [
        { payload: { level: 'good', reason: 'Vượt chỉ tiêu của tỉnh' }, meta: { actor: upperActor } },
      ],
      APPEAL: [{ payload: { grounds: 'Đã tổ chức đủ 12 kỳ sinh hoạt' } }],
      UPHOLD_RESULT: [{ payload: { comment: 'Giữ nguyên' } }],
      AMEND_RESULT: [
        { payload: { level: 'good', reason: 'Chấp nhận kiến nghị' } },
        { payload: { level: 'completed', reason: 'Chấp nhận kiến nghị' }, meta: { facts } },
      ],
      MONTH_END_CHECK: [{}],
      SUBMISSION_REMINDER: [{ payload: { daysBefore: 2 } }],
      SUBMISSION_OVERDUE: [{}],
      REVIEW_OVERDUE: [{}],
      APPEAL_WINDOW_CLOSED: [{}],
    },
    // "3 có" criteria met so far stands for the evidence, which keeps the log's loops finite.
    contextKey: (c: BranchReviewContext) => [
      Object.values(threeHavesOf(c)).filter(Boolean).length,
      c.reminderMonth,
      c.draft?.proposedLevel ?? null,
      c.escalated,
      c.baseProposal?.level ?? null,
      c.decidedBy ?? null,
      c.result?.level ?? null,
      c.appeals.length,
    ],
  });

  it('reaches every state', () => {
    expect(coverage.missingStates).toEqual([]);
  });

  it('takes every transition, each guarded alternative included', () => {
    expect(coverage.missingTransitions).toEqual([]);
    expect(coverage.transitions.length).toBe(allTransitions(definition).length);
  });

  it('builds exactly its typed summary, in officers’ words, in every state reached', () => {
    expect(definition.summarySchema).toBeDefined();
    expect(coverage.contexts.length).toBeGreaterThan(20);
    expect(checkSummaryLabels(definition, coverage.contexts).problems).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { allTransitions, exploreWorkflow } from '../../../testing/explore.ts';
import { memberTransferV2 } from './index.ts';

const base = {
  memberId: 'p-an',
  sourceBranchId: 'cd-thon2',
  destinationBaseId: 'hoachau',
  reason: 'Chuyển nơi ở',
};
const referral = { issuedOn: '2026-03-02' };
const actor = (unitId: string) => ({
  actor: { personId: 'x', role: 'baseSecretary', unitId, acting: 'TM' as const },
});

describe('member transfer v2: generated paths', () => {
  const coverage = exploreWorkflow(memberTransferV2, {
    at: '2026-03-02T02:00:00.000Z',
    inputs: [
      { ...base, kind: 'permanent' },
      { ...base, kind: 'temporary', until: '2026-09-30' },
      { ...base, kind: 'temporary', until: '2027-09-30' },
      { ...base, kind: 'residence', residenceSince: '2025-01-10' },
      { ...base, kind: 'residence', residenceSince: '2026-02-01' },
    ],
    events: {
      SUBMIT: [{}],
      WITHDRAW: [{}],
      CONFIRM: [{ payload: { duesPaidThrough: '2026-02', memberBookComment: 'Tốt' } }],
      REJECT: [{ payload: { reason: 'Đang xem xét kỷ luật' } }],
      RETURN_TO_BRANCH: [{ payload: { reason: 'Thiếu nhận xét' } }],
      ISSUE_REFERRAL: [
        { payload: referral, meta: actor('tradoc') },
        { payload: referral, meta: actor('hoachau') },
      ],
      REFERRAL_EXPIRED: [{}],
      REISSUE: [{ payload: referral }],
      CANCEL: [{ payload: { reason: 'Không chuyển nữa' } }],
      PRESENT_REFERRAL: [{}],
      ACCEPT: [{}],
      RETURN_TO_SOURCE: [{ payload: { reason: 'Sai nơi đến' } }],
      RESPONSE_OVERDUE: [{}],
      ASSIGN_BRANCH: [{ payload: { branchId: 'cd-kdc-tayan' } }],
      ACKNOWLEDGE: [{}],
      ACKNOWLEDGEMENT_DUE: [{}],
      YEAR_END_COMMENT: [{ payload: { comment: 'Tích cực', recommendTopRating: true } }],
      YEAR_END_REMINDER: [{}],
      STAY_ENDS: [{}],
      EXTEND_STAY: [{ payload: { until: '2027-12-31', reason: 'Gia hạn' } }],
      RETURN_HOME: [{ payload: { comment: 'Tốt' } }],
      RECORD_COMMENT: [{ payload: {} }],
    },
    contextKey: (c) => [
      c.kind,
      c.residenceSince,
      c.until,
      c.escalated,
      c.sourceBaseId,
      c.homeComment?.occasion,
    ],
  });

  it('reaches every state', () => {
    expect(coverage.missingStates).toEqual([]);
  });

  it('takes every transition, each guarded alternative included', () => {
    expect(coverage.missingTransitions).toEqual([]);
    expect(coverage.transitions.length).toBe(allTransitions(memberTransferV2).length);
  });
});

import { describe, expect, it } from 'vitest';
import { allTransitions, exploreWorkflow } from '../../testing/explore.ts';
import { memberTransfer } from './index.ts';

const base = {
  memberId: 'p-an',
  sourceBranchId: 'cd-thon2',
  destinationBaseId: 'hoachau',
  reason: 'Chuyển nơi ở',
  memberIsCadre: false,
};
const referral = { referralNumber: '1/GGT', issuedOn: '2026-03-02' };

describe('member transfer: generated paths', () => {
  const coverage = exploreWorkflow(memberTransfer, {
    at: '2026-03-02T02:00:00.000Z',
    inputs: [
      { ...base, kind: 'permanent' },
      { ...base, kind: 'temporary', until: '2026-09-30' },
      { ...base, kind: 'residence', residenceSince: '2025-01-10' },
      { ...base, kind: 'residence', residenceSince: '2026-02-01' },
    ],
    events: {
      SUBMIT: [{}],
      WITHDRAW: [{}],
      CONFIRM: [{ payload: { duesPaidThrough: '2026-02', memberBookComment: 'Tốt' } }],
      REJECT: [{ payload: { reason: 'Chưa đóng đoàn phí' } }],
      RETURN_TO_BRANCH: [{ payload: { reason: 'Thiếu nhận xét' } }],
      ISSUE_REFERRAL: [
        {
          payload: referral,
          meta: { actor: { personId: 'x', role: 'baseSecretary', unitId: 'tradoc', acting: 'self' } },
        },
        {
          payload: referral,
          meta: { actor: { personId: 'x', role: 'baseSecretary', unitId: 'hoachau', acting: 'self' } },
        },
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
    },
    contextKey: (c) => [c.kind, c.residenceSince, c.escalated, c.sourceBaseId],
  });

  it('reaches every state', () => {
    expect(coverage.missingStates).toEqual([]);
  });

  it('takes every transition, each guarded alternative included', () => {
    expect(coverage.missingTransitions).toEqual([]);
    expect(coverage.transitions.length).toBe(allTransitions(memberTransfer).length);
  });
});

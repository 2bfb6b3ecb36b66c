import { describe, expect, it } from 'vitest';
import { allTransitions, exploreWorkflow } from '../../testing/explore.ts';
import { checkSummaryLabels } from '../../testing/labels.ts';
import { memberTransfer } from './index.ts';
import { memberTransferV2 } from './v2/index.ts';

const base = {
  memberId: 'p-an',
  sourceBranchId: 'cd-thon2',
  destinationBaseId: 'hoachau',
  reason: 'Chuyển nơi ở',
};
const referral = { referralNumber: '1/GGT', issuedOn: '2026-03-02' };
const actor = (unitId: string) => ({
  actor: { personId: 'x', role: 'baseSecretary', unitId, acting: 'TM' as const },
});

/**
 * Both versions from one set of samples (v1 never offers v2's events, so their samples are never
 * taken there). v1's input states whether the member is a cadre; v2's server reads it from the directory.
 */
describe.each([
  { definition: memberTransfer, asked: { memberIsCadre: false } },
  // v2's data as the server completes it: `memberIsCadre` from the directory (`facts`).
  { definition: memberTransferV2, asked: { memberIsCadre: false } },
])('member transfer v$definition.version: generated paths', ({ definition, asked }) => {
  const coverage = exploreWorkflow(definition, {
    at: '2026-03-02T02:00:00.000Z',
    inputs: [
      { ...base, ...asked, kind: 'permanent' },
      { ...base, ...asked, kind: 'temporary', until: '2026-09-30' },
      { ...base, ...asked, kind: 'temporary', until: '2027-09-30' },
      { ...base, ...asked, kind: 'residence', residenceSince: '2025-01-10' },
      { ...base, ...asked, kind: 'residence', residenceSince: '2026-02-01' },
    ],
    events: {
      SUBMIT: [{}],
      WITHDRAW: [{}],
      // v2's branch may add its concerns (v1 has none and ignores them).
      CONFIRM: [
        { payload: { duesPaidThrough: '2026-02', memberBookComment: 'Tốt', concerns: 'Còn nợ đoàn phí' } },
      ],
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
    expect(coverage.transitions.length).toBe(allTransitions(definition).length);
  });

  it('builds exactly its typed summary, in officers’ words, in every state reached', () => {
    expect(definition.summarySchema).toBeDefined();
    expect(coverage.contexts.length).toBeGreaterThan(20);
    expect(checkSummaryLabels(definition, coverage.contexts).problems).toEqual([]);
  });
});

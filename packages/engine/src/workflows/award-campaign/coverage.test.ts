import { describe, expect, it } from 'vitest';
import { allTransitions, exploreWorkflow } from '../../testing/explore.ts';
import { checkSummaryLabels } from '../../testing/labels.ts';
import { awardCampaign, awardCampaignV2 } from './index.ts';

const form = { id: 'cd-xs', name: 'Chi đoàn khu dân cư xuất sắc tiêu biểu', nomineeKind: 'branch' as const };
/** The quotas are keyed by the nominating units' ids, which the server names. */
const unitIds = (key: string) => ['tradoc', 'tramy'].includes(key);
const fact = (kind: string, key: string, data: Record<string, unknown>) => ({
  kind,
  key,
  data,
  source: { instanceId: 'src', workflowId: 'x', seq: 1 },
});

describe('award campaign: generated paths', () => {
  const coverage = exploreWorkflow(awardCampaign, {
    at: '2026-04-20T02:00:00.000Z',
    inputs: [
      {
        awardingUnitId: 'dn',
        name: 'Đợt khen thưởng 26/3',
        awardForms: [{ id: 'cd-xs', name: 'Chi đoàn khu dân cư xuất sắc tiêu biểu', nomineeKind: 'branch' }],
        quotas: { tradoc: 2, tramy: 1 },
        deadline: '2026-04-17T10:00:00.000Z',
      },
    ],
    events: {
      DEADLINE_PASSED: [{}],
      SEND_TO_COUNCIL: [{ payload: { dossiersReceived: 3 } }],
      REVIEW_OVERDUE: [{}],
      SIGN_DECISION: [
        { payload: { decisionNumber: '150-QĐ/TĐTN', signedOn: '2026-04-20', awardedCount: 2 } },
      ],
      CANCEL: [{ payload: { reason: 'Điều chỉnh kế hoạch' } }],
    },
    contextKey: (c) => [c.reviewOverdue],
  });

  it('reaches every state', () => {
    expect(coverage.missingStates).toEqual([]);
  });

  it('takes every transition', () => {
    expect(coverage.missingTransitions).toEqual([]);
    expect(coverage.transitions.length).toBe(allTransitions(awardCampaign).length);
  });

  it('builds exactly its typed summary, in officers’ words, in every state reached', () => {
    expect(coverage.contexts.length).toBeGreaterThan(5);
    expect(checkSummaryLabels(awardCampaign, coverage.contexts, unitIds).problems).toEqual([]);
  });
});

describe('award campaign v2: generated paths', () => {
  const coverage = exploreWorkflow(awardCampaignV2, {
    at: '2026-04-20T02:00:00.000Z',
    inputs: [
      {
        awardingUnitId: 'dn',
        name: 'Đợt khen thưởng 26/3',
        awardForms: [form],
        quotas: { tradoc: 2 },
        deadline: '2026-04-17T10:00:00.000Z',
        awardsPerForm: { 'cd-xs': 1 },
      },
    ],
    events: {
      DEADLINE_PASSED: [{}],
      SEND_TO_COUNCIL: [{ payload: { dossiersReceived: 3 } }],
      REVIEW_OVERDUE: [{}],
      NOMINATION_RECOMMENDED: [
        {
          payload: fact('award.recommendation', 'explore:n1', {
            campaignId: 'explore',
            nominationId: 'n1',
            awardFormId: 'cd-xs',
            nominee: { kind: 'branch', unitId: 'cd-thon2' },
            yes: 3,
            present: 3,
          }),
        },
      ],
      DECIDE_AWARDS: [{ payload: { decisionNumber: '150-QĐ/TĐTN', signedOn: '2026-04-20' } }],
      CANCEL: [{ payload: { reason: 'Điều chỉnh kế hoạch' } }],
    },
    contextKey: (c) => [c.reviewOverdue, (c.recommendations ?? []).length],
  });

  it('reaches every state and takes every transition', () => {
    expect(coverage.missingStates).toEqual([]);
    expect(coverage.missingTransitions).toEqual([]);
    expect(coverage.transitions.length).toBe(allTransitions(awardCampaignV2).length);
  });

  it('builds exactly its typed summary, in officers’ words, in every state reached', () => {
    expect(coverage.contexts.length).toBeGreaterThan(5);
    expect(checkSummaryLabels(awardCampaignV2, coverage.contexts, unitIds).problems).toEqual([]);
  });
});

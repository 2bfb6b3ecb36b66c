import { describe, expect, it } from 'vitest';
import type { Authority } from '../../permissions.ts';
import { allTransitions, exploreWorkflow, type EventSample } from '../../testing/explore.ts';
import { testAttachment } from '../../testing/harness.ts';
import { documentKinds } from './schema.ts';
import { awardNominationV2 } from './index.ts';

const voter = (personId: string): Authority => ({
  personId,
  role: 'councilMember',
  unitId: 'dn',
  acting: 'self',
});
const deadline = '2026-03-10T10:00:00.000Z';
const form = { id: 'cd-xs', name: 'Chi đoàn khu dân cư xuất sắc tiêu biểu', nomineeKind: 'branch' as const };
const fact = (kind: string, key: string, data: Record<string, unknown>) => ({
  kind,
  key,
  data,
  source: { instanceId: 'src', workflowId: 'x', seq: 1 },
});

describe('award nomination v2: generated paths', () => {
  const late = { at: '2026-03-11T02:00:00.000Z' };
  const vote = (personId: string, choice: string): EventSample => ({
    payload: { vote: choice },
    meta: { actor: voter(personId) },
  });
  const decided = (listed: string[]) =>
    fact('award.roundDecision', 'dot-1', {
      campaignId: 'dot-1',
      decisionNumber: '12-QĐ/TĐTN',
      signedOn: '2026-03-02',
      signedBy: 'p-ha',
      acting: 'TM',
      awardees: listed.map((nominationId, i) => ({ nominationId, rank: i + 1, awardFormId: 'cd-xs' })),
    });
  const options = {
    at: '2026-03-02T02:00:00.000Z',
    inputs: [
      {
        campaignId: 'dot-1',
        nominatingUnitId: 'tradoc',
        awardFormId: 'cd-xs',
        nominee: { kind: 'branch', unitId: 'cd-thon2' },
      },
    ],
    facts: {
      campaign: { awardingUnitId: 'dn', deadline, quota: 1, awardForm: form, councilSize: 3 },
      rating: null,
    },
    events: {
      ADD_DOCUMENT: documentKinds.map((kind) => ({ meta: { attachments: [testAttachment(kind)] } })),
      REMOVE_DOCUMENT: [{ payload: { kind: 'meetingRecord' } }],
      RECORD_RATING: [{ payload: { year: 2025, rating: 'excellent', disciplined: false } }],
      REVIEW_RESULT_RECORDED: [{ payload: fact('branchReview.result', '2025', { level: 'outstanding' }) }],
      SUBMIT: [{ meta: { facts: { submittedInUnit: 0 } } }, { meta: late }],
      WITHDRAW: [{ payload: { reason: 'Đơn vị rút hồ sơ' } }],
      SUBMISSION_DEADLINE: [{}],
      DEADLINE_REMINDER: [{}],
      ACCEPT_DOSSIER: [{}],
      RETURN_INCOMPLETE: [
        { payload: { reason: 'Thiếu biên bản', missing: ['meetingRecord'] } },
        { payload: { reason: 'Thiếu biên bản', missing: ['meetingRecord'] }, meta: late },
      ],
      CHECK_OVERDUE: [{}],
      CAST_VOTE: [vote('p-a', 'yes'), vote('p-b', 'yes'), vote('p-c', 'no')],
      CLOSE_VOTE: [{}],
      ROUND_DECIDED: [{ payload: decided(['explore']) }, { payload: decided(['someone-else']) }],
    },
    contextKey: (c: any) => [Object.keys(c.documents).sort(), c.rating !== null, c.ballots, c.checkOverdue],
  };
  const branch = exploreWorkflow(awardNominationV2, options);
  // A person's rating is declared (RECORD_RATING); a branch's comes from its review.
  const person = exploreWorkflow(awardNominationV2, {
    ...options,
    inputs: [
      {
        campaignId: 'dot-1',
        nominatingUnitId: 'tradoc',
        awardFormId: 'cd-xs',
        nominee: { kind: 'person', personId: 'p-binh' },
      },
    ],
  });

  it('reaches every state and takes every transition', () => {
    const taken = new Set([...branch.transitions, ...person.transitions]);
    expect(branch.missingStates).toEqual([]);
    expect(allTransitions(awardNominationV2).filter((t) => !taken.has(t))).toEqual([]);
  });
});

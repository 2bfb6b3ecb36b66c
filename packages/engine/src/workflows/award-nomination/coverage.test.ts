import { describe, expect, it } from 'vitest';
import type { Authority } from '../../permissions.ts';
import { allTransitions, exploreWorkflow, type EventSample } from '../../testing/explore.ts';
import { testAttachment } from '../../testing/harness.ts';
import { checkSummaryLabels } from '../../testing/labels.ts';
import { documentKinds } from './schema.ts';
import { awardNomination, awardNominationV2 } from './index.ts';

const deadline = '2026-03-10T10:00:00.000Z';
const late = { at: '2026-03-11T02:00:00.000Z' };
const form = { id: 'cd-xs', name: 'Chi đoàn khu dân cư xuất sắc tiêu biểu', nomineeKind: 'branch' as const };
const voter = (personId: string): Authority => ({
  personId,
  role: 'councilMember',
  unitId: 'dn',
  acting: 'self',
});
const vote = (personId: string, choice: string): EventSample => ({
  payload: { vote: choice },
  meta: { actor: voter(personId) },
});
const fact = (kind: string, key: string, data: Record<string, unknown>) => ({
  kind,
  key,
  data,
  source: { instanceId: 'src', workflowId: 'x', seq: 1 },
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

/** Samples for both versions: each version is offered only the events it has. */
const events: Record<string, EventSample[]> = {
  ADD_DOCUMENT: documentKinds.map((kind) => ({ meta: { attachments: [testAttachment(kind)] } })),
  REMOVE_DOCUMENT: [{ payload: { kind: 'meetingRecord' } }],
  RECORD_RATING: [{ payload: { year: 2025, rating: 'excellent', disciplined: false } }],
  // v2: the server counts the unit's submitted nominations at submission.
  SUBMIT: [{}, { meta: { facts: { submittedInUnit: 0 } } }, { meta: late }],
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
  // v1: each nomination's own decision.
  SIGN_DECISION: [
    { payload: { decisionNumber: '12-QĐ/TĐTN', signedOn: '2026-03-02', certificateNumber: 'BK-0042' } },
  ],
  DECLINE_TO_SIGN: [{ payload: { reason: 'Chưa đủ thành tích nổi bật' } }],
  // v2: facts delivered by links, from the branch's review and from the round's decision.
  REVIEW_RESULT_RECORDED: [{ payload: fact('branchReview.result', '2025', { level: 'outstanding' }) }],
  ROUND_DECIDED: [{ payload: decided(['explore']) }, { payload: decided(['someone-else']) }],
};
const contextKey = (c: any) => [
  Object.keys(c.documents).sort(),
  c.rating !== null,
  c.ballots,
  c.checkOverdue,
];
const branch = { kind: 'branch', unitId: 'cd-thon2' };
const person = { kind: 'person', personId: 'p-binh' };

/**
 * v1's input carries the round (three council members: two present make the quorum, two yes of
 * them the majority); v2 names the round and reads it from the campaign. In v2 a person's rating is
 * declared (RECORD_RATING) and a branch's comes from its review, so both kinds of nominee are walked.
 */
const versions = [
  {
    definition: awardNomination,
    inputs: [
      {
        campaignId: 'dot-1',
        awardingUnitId: 'dn',
        nominatingUnitId: 'tradoc',
        deadline,
        quota: 1,
        alreadySubmitted: 0,
        councilSize: 3,
        awardForm: form,
        nominee: branch,
      },
    ],
    facts: {},
  },
  {
    definition: awardNominationV2,
    inputs: [branch, person].map((nominee) => ({
      campaignId: 'dot-1',
      nominatingUnitId: 'tradoc',
      awardFormId: 'cd-xs',
      nominee,
    })),
    facts: {
      campaign: { awardingUnitId: 'dn', deadline, quota: 1, awardForm: form, councilSize: 3 },
      rating: null,
    },
  },
];

describe.each(versions)(
  'award nomination v$definition.version: generated paths',
  ({ definition, inputs, facts }) => {
    const coverage = exploreWorkflow(definition, {
      at: '2026-03-02T02:00:00.000Z',
      inputs,
      facts,
      events,
      contextKey,
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
  },
);

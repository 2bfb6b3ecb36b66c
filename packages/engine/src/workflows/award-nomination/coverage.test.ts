import { describe, expect, it } from 'vitest';
import type { Authority } from '../../permissions.ts';
import { allTransitions, exploreWorkflow, type EventSample } from '../../testing/explore.ts';
import { testAttachment } from '../../testing/harness.ts';
import { documentKinds } from './schema.ts';
import { awardNomination } from './index.ts';

const voter = (personId: string): Authority => ({
  personId,
  role: 'councilMember',
  unitId: 'dn',
  acting: 'self',
});

describe('award nomination: generated paths', () => {
  const deadline = '2026-03-10T10:00:00.000Z';
  const onTime = '2026-03-02T02:00:00.000Z';
  const late = { at: '2026-03-11T02:00:00.000Z' };
  const base = {
    campaignId: 'dot-1',
    awardingUnitId: 'dn',
    nominatingUnitId: 'tradoc',
    deadline,
    quota: 1,
    alreadySubmitted: 0,
    // Three members: two present make the quorum, two yes of them the majority.
    councilSize: 3,
  };
  const vote = (personId: string, choice: string): EventSample => ({
    payload: { vote: choice },
    meta: { actor: voter(personId) },
  });

  const coverage = exploreWorkflow(awardNomination, {
    at: onTime,
    inputs: [
      {
        ...base,
        awardForm: { id: 'cd-xs', name: 'Chi đoàn xuất sắc', nomineeKind: 'branch' },
        nominee: { kind: 'branch', unitId: 'cd-thon2' },
      },
    ],
    events: {
      ADD_DOCUMENT: documentKinds.map((kind) => ({ meta: { attachments: [testAttachment(kind)] } })),
      REMOVE_DOCUMENT: [{ payload: { kind: 'meetingRecord' } }],
      RECORD_RATING: [{ payload: { year: 2025, rating: 'excellent', disciplined: false } }],
      SUBMIT: [{}, { meta: late }],
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
      SIGN_DECISION: [
        { payload: { decisionNumber: '12-QĐ/TĐTN', signedOn: '2026-03-02', certificateNumber: 'BK-0042' } },
      ],
      DECLINE_TO_SIGN: [{ payload: { reason: 'Chưa đủ thành tích nổi bật' } }],
    },
    contextKey: (c) => [Object.keys(c.documents).sort(), c.rating !== null, c.ballots, c.checkOverdue],
  });

  it('reaches every state', () => {
    expect(coverage.missingStates).toEqual([]);
  });

  it('takes every transition, each guarded alternative included', () => {
    expect(coverage.missingTransitions).toEqual([]);
    expect(coverage.transitions.length).toBe(allTransitions(awardNomination).length);
  });
});

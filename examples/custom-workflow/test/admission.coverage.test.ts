import { allTransitions, exploreWorkflow } from '@doanflow/engine/testing';
import { describe, expect, it } from 'vitest';
import { memberAdmission } from '../src/workflow/index.ts';
import { admission } from './fixtures-admission.ts';

/**
 * Generated paths with the engine's own helper: every state (the transient `branchProposal`
 * included) and every transition — the parallel regions' ends, `onDone` and each `always`
 * alternative — is reached from one input, two introducers and a vote on each side of the guard.
 */
const introducer = (personId: string) => ({
  meta: { actor: { personId, role: 'introducer', unitId: null, acting: 'self' as const } },
});

describe('member admission: generated paths', () => {
  const coverage = exploreWorkflow(memberAdmission, {
    inputs: [memberAdmission.input.parse(admission())],
    events: {
      CONFIRM_INTRODUCTION: [introducer('p-an'), introducer('p-cuong')],
      RECORD_BRANCH_VOTE: [
        { payload: { votesFor: 9, votesAgainst: 1 } },
        { payload: { votesFor: 4, votesAgainst: 4 } },
      ],
      ADMIT: [{}],
      REJECT: [{ payload: { reason: 'Chưa đủ tuổi sinh hoạt' } }],
    },
    at: '2026-03-02T02:00:00.000Z',
  });

  it('reaches every state and takes every transition, always and onDone included', () => {
    expect(allTransitions(memberAdmission)).toEqual(
      expect.arrayContaining([
        'preparation:xstate.done.state.memberAdmission.preparation#0',
        'preparation.introductions.awaitingIntroducers:always#0',
        'branchProposal:always#1',
      ]),
    );
    expect(coverage.missingStates).toEqual([]);
    expect(coverage.missingTransitions).toEqual([]);
  });
});

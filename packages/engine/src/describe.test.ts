import { describe, expect, it } from 'vitest';
import { describeStates } from './describe.ts';
import { memberTransfer } from './workflows/member-transfer/index.ts';

describe('describeStates', () => {
  const states = describeStates(memberTransfer);
  const byPath = new Map(states.map((state) => [state.path, state]));

  it('lists every state with its labels, in the officer words', () => {
    expect(states.map((s) => s.path)).toEqual(Object.keys(memberTransfer.states));
    expect(byPath.get('destinationBase')?.label).toEqual({
      vi: 'Đoàn cơ sở nơi đến tiếp nhận',
      en: 'Destination base review',
    });
    expect(byPath.get('completed')?.type).toBe('final');
  });

  it('gives each transition its event, targets and whether a guard decides it', () => {
    expect(byPath.get('sourceBase')?.transitions).toEqual(
      expect.arrayContaining([
        { event: 'ISSUE_REFERRAL', targets: ['branchAssignment'], guarded: true },
        { event: 'ISSUE_REFERRAL', targets: ['inTransit'], guarded: true },
        { event: 'RETURN_TO_BRANCH', targets: ['sourceBranch'], guarded: false },
      ]),
    );
    // A targetless transition (escalation) stays in its state.
    expect(byPath.get('destinationBase')?.transitions).toContainEqual({
      event: 'RESPONSE_OVERDUE',
      targets: [],
      guarded: false,
    });
  });

  it('is plain JSON, ready for the definitions API', () => {
    expect(JSON.parse(JSON.stringify(states))).toEqual(states);
  });
});

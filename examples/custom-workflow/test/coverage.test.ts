import { allTransitions, exploreWorkflow } from '@doanflow/engine/testing';
import { describe, expect, it } from 'vitest';
import { trainingRegistration } from '../src/workflow/index.ts';
import { registration } from './fixtures.ts';

/**
 * Generated paths, exactly as the Union's workflows are tested: xstate/graph walks the real chart
 * from a sample input with sample events (two seat numbers: one the course has, one it has not, for
 * both sides of the guard), and every state and every transition must be reached.
 */
const data = trainingRegistration.input.parse(registration());
const coverage = exploreWorkflow(trainingRegistration, {
  at: '2026-03-02T02:00:00.000Z',
  inputs: [data],
  events: {
    ENDORSE: [{}],
    DECLINE: [{ payload: { reason: 'Chưa đủ điều kiện' } }],
    CONFIRM_SEAT: [{ payload: { seatNumber: 1 } }, { payload: { seatNumber: 999 } }],
    WAITLIST: [{}],
    REFUSE: [{ payload: { reason: 'Hết chỗ' } }],
    RECORD_ATTENDANCE: [{}],
    MARK_ABSENT: [{ payload: { reason: 'Không có mặt' } }],
    CERTIFY: [{ payload: { certificateNumber: 'GCN-01' } }],
    WITHDRAW: [{}],
    REGISTRATION_REMINDER: [{}],
    REGISTRATION_CLOSED: [{}],
  },
  contextKey: (context) => [context.seatNumber],
});

describe('training registration: generated paths', () => {
  it('reaches every state and takes every transition, each guarded alternative included', () => {
    expect(coverage.missingStates).toEqual([]);
    expect(coverage.missingTransitions).toEqual([]);
    expect(coverage.transitions.length).toBe(allTransitions(trainingRegistration).length);
  });
});

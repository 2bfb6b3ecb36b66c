import { InstanceDriver, exploreWorkflow, permissionMatrix } from '@doanflow/engine/testing';
import { memberCard } from './member-card.js';

/**
 * The host tests its own workflow with the helpers the Union's workflows are tested with, from the
 * published package: generated paths over every state and transition, and who may do what.
 */
const input = { memberId: 'p-an', branchId: 'cd-thon2', cause: 'lost' };
const coverage = exploreWorkflow(memberCard, {
  at: '2026-03-02T02:00:00.000Z',
  inputs: [input],
  events: {
    ISSUE: [{ payload: { cardNumber: 'TĐV-0042' } }],
    REFUSE: [{ payload: { reason: 'Sai thông tin' } }],
  },
});
const driver = new InstanceDriver(memberCard, { now: '2026-03-02T02:00:00.000Z' }).start('p-an', input);
console.log(
  JSON.stringify({
    missingStates: coverage.missingStates,
    missingTransitions: coverage.missingTransitions,
    transitions: coverage.transitions.length,
    matrix: permissionMatrix(driver, ['p-an', 'p-binh', 'p-cuong'], ['ISSUE', 'REFUSE']),
  }),
);

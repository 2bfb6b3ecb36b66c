import { statePaths, type Authority, type MachineInput } from '@doanflow/engine';
import { getStateNodes, type AnyMachineSnapshot, type StateNode } from 'xstate';
import { adjacencyMapToArray, getAdjacencyMap, getShortestPaths } from 'xstate/graph';
import { describe, expect, it } from 'vitest';
import { trainingRegistration } from '../src/workflow/index.ts';
import { registration } from './fixtures.ts';

/**
 * Generated paths: xstate/graph walks the real chart from a sample input with sample events (two
 * seat numbers: one the course has, one it has not, for both sides of the guard) and we check that
 * every state and every transition was reached.
 */
const machine = trainingRegistration.machine;
const at = '2026-03-02T02:00:00.000Z';
const actor: Authority = { personId: 'explorer', role: 'explorer', unitId: null, acting: 'self' };
const samples: Record<string, unknown[]> = {
  ENDORSE: [{}],
  DECLINE: [{ reason: 'Chưa đủ điều kiện' }],
  CONFIRM_SEAT: [{ seatNumber: 1 }, { seatNumber: 999 }],
  WAITLIST: [{}],
  REFUSE: [{ reason: 'Hết chỗ' }],
  RECORD_ATTENDANCE: [{}],
  MARK_ABSENT: [{ reason: 'Không có mặt' }],
  CERTIFY: [{ certificateNumber: 'GCN-01' }],
  WITHDRAW: [{}],
  REGISTRATION_REMINDER: [{}],
  REGISTRATION_CLOSED: [{}],
};
const events = (snapshot: AnyMachineSnapshot) =>
  Object.entries(samples)
    .flatMap(([type, payloads]) =>
      payloads.map((payload, seq) => ({
        type,
        payload,
        meta: { seq, at, actor, comment: null, timerId: null },
      })),
    )
    .filter((event) => snapshot.status === 'active' && snapshot.can(event as never));
const data = trainingRegistration.input.parse(registration()) as { seats: number };
const input: MachineInput = {
  instanceId: 'explore',
  data,
  policy: trainingRegistration.policy.parse({}),
  startedAt: at,
  startedBy: actor,
};
// xstate/graph's option types are tied to the machine's own event types; ours carry meta.
const traversal = {
  input,
  events,
  serializeState: (snapshot: AnyMachineSnapshot) =>
    JSON.stringify([snapshot.value, snapshot.context.seatNumber]),
  serializeEvent: (event: { type: string; payload: unknown }) => JSON.stringify([event.type, event.payload]),
} as never;

function allTransitions(): string[] {
  const keys: string[] = [];
  const visit = (node: StateNode<any, any>) => {
    for (const [event, list] of node.transitions)
      list.forEach((_, index) => keys.push(`${node.path.join('.')}:${event}#${index}`));
    for (const child of Object.values(node.states)) visit(child as StateNode<any, any>);
  };
  visit(machine.root);
  return keys;
}

describe('training registration: generated paths', () => {
  const paths = getShortestPaths(machine, traversal);

  it('reaches every state', () => {
    const reached = new Set<string>();
    for (const path of paths)
      for (const node of getStateNodes(machine.root, (path.state as AnyMachineSnapshot).value))
        reached.add(node.path.join('.'));
    expect(statePaths(machine).filter((state) => !reached.has(state))).toEqual([]);
  });

  it('takes every transition, each guarded alternative included', () => {
    const taken = new Set<string>();
    for (const { state, event } of adjacencyMapToArray(getAdjacencyMap(machine, traversal))) {
      for (const transition of machine.getTransitionData(state as never, event as never)) {
        const source = transition.source as StateNode<any, any>;
        const index = source.transitions.get(transition.eventType)?.indexOf(transition as never) ?? -1;
        taken.add(`${source.path.join('.')}:${transition.eventType}#${index}`);
      }
    }
    expect(allTransitions().filter((key) => !taken.has(key))).toEqual([]);
  });

  it('never seats anyone on a seat the course does not have', () => {
    const seated = paths.filter((path) => (path.state as AnyMachineSnapshot).context.seatNumber !== null);
    expect(seated.length).toBeGreaterThan(0);
    for (const path of seated)
      expect((path.state as AnyMachineSnapshot).context.seatNumber).toBeLessThanOrEqual(data.seats);
  });
});

import { describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import { firstStep, nextStep } from './pure-steps.ts';

/** A machine that counts how often its context factory runs and asks for an action per event. */
function counted() {
  const calls = { context: 0 };
  const machine = setup({
    types: { input: {} as { name: string }, events: {} as { type: 'GO' } | { type: 'STAY' } },
    actions: { note: () => {} },
  }).createMachine({
    id: 'counted',
    context: ({ input }) => {
      calls.context += 1;
      return { name: input.name };
    },
    initial: 'a',
    states: {
      a: { entry: { type: 'note', params: { at: 'a' } }, on: { GO: 'b', STAY: {} } },
      b: { entry: { type: 'note', params: { at: 'b' } } },
    },
  });
  return { machine, calls };
}

describe('pure steps', () => {
  it('a step never recomputes the initial state (XState’s transition() built an actor that did, every call)', () => {
    const { machine, calls } = counted();
    const [first] = firstStep(machine, { name: 'An' });
    const afterFirst = calls.context;
    for (let i = 0; i < 50; i += 1) nextStep(machine, first, { type: 'GO' });
    expect(calls.context).toBe(afterFirst);
    const [again] = firstStep(machine, { name: 'Bình' });
    expect(calls.context).toBe(afterFirst + 1);
    expect(again.context).toEqual({ name: 'Bình' });
  });

  it('gives each call its own actions and the same snapshots as XState', () => {
    const { machine } = counted();
    const [first, entry] = firstStep(machine, { name: 'An' });
    expect(first.value).toBe('a');
    expect(entry.map((action) => action.params)).toEqual([{ at: 'a' }]);
    const [moved, actions] = nextStep(machine, first, { type: 'GO' });
    expect(moved.value).toBe('b');
    expect(actions.map((action) => action.params)).toEqual([{ at: 'b' }]);
    const [stayed, none] = nextStep(machine, first, { type: 'STAY' });
    expect(stayed.value).toBe('a');
    expect(none).toEqual([]);
  });

  it('a step that throws leaves the next call’s actions clean', () => {
    const machine = setup({
      types: { events: {} as { type: 'BOOM' } | { type: 'GO' } },
      actions: {
        boom: () => {},
        note: () => {},
      },
      guards: {
        explodes: () => {
          throw new Error('guard failed');
        },
      },
    }).createMachine({
      id: 'throwing',
      initial: 'a',
      states: {
        a: { on: { BOOM: { guard: 'explodes', target: 'b' }, GO: { target: 'b', actions: 'note' } } },
        b: {},
      },
    });
    const [first] = firstStep(machine, undefined);
    expect(() => nextStep(machine, first, { type: 'BOOM' })).toThrow('guard failed');
    const [, actions] = nextStep(machine, first, { type: 'GO' });
    expect(actions.map((action) => action.type)).toEqual(['note']);
  });
});

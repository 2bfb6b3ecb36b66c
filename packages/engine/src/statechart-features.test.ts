import { describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import { admissionFixture, label } from './admission.fixture.ts';
import { defineWorkflow } from './define-workflow.ts';
import { describeStates } from './describe.ts';
import { allTransitions, exploreWorkflow } from './testing/explore.ts';

/** Parallel regions ending in final states, `onDone` and `always`: accepted, covered, described. */
const at = '2026-12-01T02:00:00.000Z';
const actorSample = (personId: string) => ({
  meta: { actor: { personId, role: 'introducer', unitId: null, acting: 'self' as const } },
});

describe('parallel final states, onDone and always', () => {
  it('are accepted by defineWorkflow (onDone was refused as an event without a spec)', () => {
    expect(admissionFixture.id).toBe('admission-fixture');
  });

  it('are counted and covered by the generated paths, the transient state included', () => {
    const transitions = allTransitions(admissionFixture);
    expect(transitions).toEqual(
      expect.arrayContaining([
        'checks:xstate.done.state.admission.checks#0',
        'checks.introductions.confirming:always#0',
        'decision:always#0',
        'decision:always#1',
      ]),
    );
    const coverage = exploreWorkflow(admissionFixture, {
      inputs: [true, false].map((ofAge) => ({
        candidateId: 'p-yen',
        branchId: 'cd-thon2',
        introducerIds: ['p-an', 'p-cuong'],
        ofAge,
      })),
      events: {
        CONFIRM_INTRODUCTION: [actorSample('p-an'), actorSample('p-cuong')],
        SUBMIT_APPLICATION: [{}],
        ADMIT: [{}],
      },
      at,
    });
    expect(coverage.missingStates).toEqual([]);
    expect(coverage.missingTransitions).toEqual([]);
    // `decision` is never a resting state: only its microstep reaches it.
    expect(coverage.states).toContain('decision');
  });

  it('reports an always alternative that no input takes', () => {
    const coverage = exploreWorkflow(admissionFixture, {
      inputs: [{ candidateId: 'p-yen', branchId: 'cd-thon2', introducerIds: ['p-an'], ofAge: true }],
      events: { CONFIRM_INTRODUCTION: [actorSample('p-an')], SUBMIT_APPLICATION: [{}], ADMIT: [{}] },
      at,
    });
    expect(coverage.missingStates).toEqual(['notEligible']);
    expect(coverage.missingTransitions).toEqual(['decision:always#1']);
  });

  it('are described for diagrams: always as an eventless transition, onDone by its done event', () => {
    const byPath = new Map(describeStates(admissionFixture).map((state) => [state.path, state]));
    expect(byPath.get('decision')?.transitions).toEqual([
      { event: '', targets: ['branchVote'], guarded: true },
      { event: '', targets: ['notEligible'], guarded: false },
    ]);
    expect(byPath.get('checks')?.transitions).toEqual([
      { event: 'xstate.done.state.admission.checks', targets: ['decision'], guarded: false },
    ]);
  });

  it('refuses what the server cannot run, naming it', () => {
    const invoking = setup({}).createMachine({
      id: 'x',
      initial: 'a',
      states: { a: { on: { 'xstate.done.actor.child': 'b' } }, b: { type: 'final' } },
    });
    expect(() =>
      defineWorkflow({
        ...admissionFixture,
        machine: invoking as never,
        states: { a: label('a', 'a'), b: label('b', 'b') },
        permissions: [],
        events: {},
      }),
    ).toThrow(/"xstate.done.actor.child" comes from invoke or spawn/);
  });
});

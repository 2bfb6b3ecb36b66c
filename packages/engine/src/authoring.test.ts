import { describe, expect, it } from 'vitest';
import { assign, setup } from 'xstate';
import { z } from 'zod';
import { defineWorkflow, type Label, type PermissionRule } from './define-workflow.ts';
import { labelled, summaryLabelsSchema } from './field-labels.ts';
import { describeStates } from './describe.ts';
import { replay } from './runtime.ts';
import { allTransitions, exploreWorkflow } from './testing/explore.ts';
import { checkSummaryLabels } from './testing/labels.ts';
import { InstanceDriver } from './testing/harness.ts';
import { effectActions } from './effects.ts';
import type { MachineInput } from './runtime.ts';
import type { WorkflowEvent } from './workflow-event.ts';

/**
 * A small admission workflow for the engine's own tests, using what authors reach for beyond the
 * Union's charts: a parallel state whose regions end in final states, its `onDone`, `always`
 * transitions (one a transient decision with a guarded alternative and a default), and a task for
 * each introducer the request names (`persons`).
 */
const admissionInput = z.object({
  candidateId: z.string(),
  branchId: z.string(),
  introducerIds: z.array(z.string()).min(1),
  ofAge: z.boolean(),
});
type Input = z.infer<typeof admissionInput>;

interface Context {
  candidateId: string;
  branchId: string;
  introducers: string[];
  confirmedBy: string[];
  ofAge: boolean;
}

type Events =
  | WorkflowEvent<'CONFIRM_INTRODUCTION', Record<string, never>>
  | WorkflowEvent<'SUBMIT_APPLICATION', Record<string, never>>
  | WorkflowEvent<'ADMIT', Record<string, never>>;

/** The introducers who have not confirmed yet: each keeps a task until they do. */
const introducersStillOwing = (context: Context) =>
  context.introducers.filter((id) => !context.confirmedBy.includes(id));

const machine = setup({
  types: {
    context: {} as Context,
    events: {} as Events,
    input: {} as MachineInput<Input, Record<string, never>>,
  },
  actions: { ...effectActions },
  guards: {
    owesConfirmation: ({ context, event }) =>
      introducersStillOwing(context).includes(event.meta.actor.personId ?? ''),
    everyoneConfirmed: ({ context }) => introducersStillOwing(context).length === 0,
    ofAge: ({ context }) => context.ofAge,
  },
}).createMachine({
  id: 'admission',
  context: ({ input }) => ({
    candidateId: input.data.candidateId,
    branchId: input.data.branchId,
    introducers: input.data.introducerIds,
    confirmedBy: [],
    ofAge: input.data.ofAge,
  }),
  initial: 'checks',
  states: {
    checks: {
      type: 'parallel',
      onDone: 'decision',
      states: {
        introductions: {
          initial: 'confirming',
          states: {
            confirming: {
              always: { guard: 'everyoneConfirmed', target: 'confirmed' },
              on: {
                CONFIRM_INTRODUCTION: {
                  guard: 'owesConfirmation',
                  actions: assign({
                    confirmedBy: ({ context, event }) => [...context.confirmedBy, event.meta.actor.personId!],
                  }),
                },
              },
            },
            confirmed: { type: 'final' },
          },
        },
        application: {
          initial: 'awaited',
          states: {
            awaited: { on: { SUBMIT_APPLICATION: 'received' } },
            received: { type: 'final' },
          },
        },
      },
    },
    decision: { always: [{ guard: 'ofAge', target: 'branchVote' }, { target: 'notEligible' }] },
    branchVote: { on: { ADMIT: 'admitted' } },
    admitted: { type: 'final' },
    notEligible: { type: 'final' },
  },
});

const label = (vi: string, en: string): Label => ({ vi, en });
const empty = z.object({}).strict();

const permissions: PermissionRule<Context>[] = [
  {
    event: 'CONFIRM_INTRODUCTION',
    states: ['checks.introductions.confirming'],
    role: 'introducer',
    persons: introducersStillOwing,
  },
  {
    event: 'SUBMIT_APPLICATION',
    states: ['checks.application.awaited'],
    role: 'candidate',
    subjectOnly: true,
  },
  { event: 'ADMIT', states: ['branchVote'], role: 'branchSecretary', of: 'branch' },
];

const admissionFixture = defineWorkflow({
  id: 'admission-fixture',
  version: 1,
  title: label('Kết nạp đoàn viên (thử)', 'Admission (test)'),
  machine,
  input: admissionInput,
  policy: z.object({}),
  events: {
    CONFIRM_INTRODUCTION: { payload: empty, label: label('Xác nhận giới thiệu', 'Confirm introduction') },
    SUBMIT_APPLICATION: { payload: empty, label: label('Nộp đơn', 'Submit application') },
    ADMIT: { payload: empty, label: label('Kết nạp', 'Admit'), decision: true },
  },
  states: {
    checks: label('Kiểm tra hồ sơ', 'Checks'),
    'checks.introductions': label('Người giới thiệu', 'Introductions'),
    'checks.introductions.confirming': label('Chờ xác nhận', 'Awaiting confirmation'),
    'checks.introductions.confirmed': label('Đã xác nhận', 'Confirmed'),
    'checks.application': label('Đơn', 'Application'),
    'checks.application.awaited': label('Chờ đơn', 'Awaiting application'),
    'checks.application.received': label('Đã nhận đơn', 'Application received'),
    decision: label('Xét điều kiện', 'Eligibility'),
    branchVote: label('Chi đoàn xét', 'Branch vote'),
    admitted: label('Đã kết nạp', 'Admitted'),
    notEligible: label('Không đủ điều kiện', 'Not eligible'),
  },
  permissions,
  start: [{ role: 'branchSecretary', of: 'branch' }],
  units: (context) => ({ branch: context.branchId }),
  subject: (context) => ({ personId: context.candidateId }),
});

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

describe('tasks for the people the request names', () => {
  const begin = () =>
    new InstanceDriver(admissionFixture, { now: at }).start('p-binh', {
      candidateId: 'p-yen',
      branchId: 'cd-thon2',
      introducerIds: ['p-an', 'p-cuong'],
      ofAge: true,
    });
  const named = (driver: InstanceDriver) =>
    driver.last.tasks
      .filter((task) => task.relation === 'named')
      .map(({ personId, unitId, role, events }) => ({ personId, unitId, role, events }));

  it('gives each introducer a task of their own, closed when that person acts', () => {
    const driver = begin();
    expect(named(driver)).toEqual([
      { personId: 'p-an', unitId: null, role: 'introducer', events: ['CONFIRM_INTRODUCTION'] },
      { personId: 'p-cuong', unitId: null, role: 'introducer', events: ['CONFIRM_INTRODUCTION'] },
    ]);
    expect(driver.allowed('p-an')).toEqual(['CONFIRM_INTRODUCTION']);
    driver.send('p-an', 'CONFIRM_INTRODUCTION');
    expect(driver.last.entry.actor).toMatchObject({ personId: 'p-an', role: 'introducer', acting: 'self' });
    expect(named(driver).map((task) => task.personId)).toEqual(['p-cuong']);
    expect(driver.allowed('p-an')).toEqual([]);
    expect(driver.refuse('p-an', 'CONFIRM_INTRODUCTION').reason).toBe('not_named');

    driver.send('p-yen', 'SUBMIT_APPLICATION');
    expect(driver.state).toBe('checks.application.received|checks.introductions.confirming');
    driver.send('p-cuong', 'CONFIRM_INTRODUCTION');
    // The last confirmation ends the region (always), both regions are final (onDone), and the
    // transient decision (always) leads to the branch's vote: all in one step.
    expect(driver.state).toBe('branchVote');
    expect(named(driver)).toEqual([]);
    driver.send('p-binh', 'ADMIT');
    expect(driver.snapshot.status).toBe('done');
    expect(replay(admissionFixture, driver.snapshot.instanceId, driver.history)).toEqual(driver.snapshot);
  });

  it('lets nobody else act on them: not the branch secretary, not the candidate', () => {
    const driver = begin();
    const secretary = driver.refuse('p-binh', 'CONFIRM_INTRODUCTION');
    expect(secretary).toMatchObject({ code: 'EVENT_NOT_ALLOWED', reason: 'not_named' });
    expect(secretary.message).toMatch(/people the request names/);
    expect(driver.refuse('p-yen', 'CONFIRM_INTRODUCTION').reason).toBe('not_named');
    expect(driver.allowed('p-binh')).toEqual([]);
    // Only "self": an introducer confirms in their own name.
    expect(driver.refuse('p-an', 'CONFIRM_INTRODUCTION', {}, { acting: 'KT' }).reason).toBe('acting_form');
  });

  it('refuses a rule that names persons and a unit', () => {
    expect(() =>
      defineWorkflow({
        ...admissionFixture,
        permissions: admissionFixture.permissions.map((rule) =>
          rule.persons ? { ...rule, of: 'branch' } : rule,
        ),
      }),
    ).toThrow(/names persons and also a unit/);
  });
});

describe('summary fields labelled by the workflow', () => {
  const walk = () =>
    new InstanceDriver(admissionFixture, { now: at })
      .start('p-binh', { candidateId: 'p-yen', branchId: 'cd-thon2', introducerIds: ['p-an'], ofAge: true })
      .send('p-an', 'CONFIRM_INTRODUCTION');
  const summary = (context: Context) => ({
    candidateId: context.candidateId,
    confirmedBy: context.confirmedBy,
    stage: context.confirmedBy.length > 0 ? 'introduced' : 'open',
    votes: { for: 3 },
  });

  it('finds every field built outside the input without words, and every code without its words', () => {
    const partly = {
      ...admissionFixture,
      summary,
      summaryLabels: { stage: { label: label('Bước', 'Stage'), values: { open: label('Đang mở', 'Open') } } },
    };
    expect(checkSummaryLabels(partly, [walk().context]).problems).toEqual([
      'admission-fixture summary.candidateId: no x-label with vi and en',
      'admission-fixture summary.confirmedBy: no x-label with vi and en',
      'admission-fixture summary.stage: no words for the value "introduced"',
      'admission-fixture summary.votes.for: no x-label with vi and en',
      'admission-fixture summary.votes: no x-label with vi and en',
    ]);
  });

  it('is satisfied by summaryLabels, which the definition publishes for the panel', () => {
    const labelledDefinition = {
      ...admissionFixture,
      summary,
      summaryLabels: {
        confirmedBy: { label: label('Đã xác nhận', 'Confirmed by') },
        stage: {
          label: label('Bước', 'Stage'),
          values: { open: label('Đang mở', 'Open'), introduced: label('Đã giới thiệu', 'Introduced') },
        },
        votes: { label: label('Biểu quyết', 'Votes') },
        for: { label: label('Đồng ý', 'For') },
      },
    };
    // candidateId is labelled by nobody here, but the server names people's ids itself.
    const check = checkSummaryLabels(labelledDefinition, [walk().context], (key) => key === 'candidateId');
    expect(check.problems).toEqual([]);
    expect(check.fields).toContain('admission-fixture summary.votes.for');
  });

  it('reads the words of a typed summary, and holds summary() to its shape', () => {
    const summarySchema = z.object({
      candidateId: labelled(z.string(), label('Người được kết nạp', 'Candidate')),
      confirmedBy: labelled(z.array(z.string()), label('Đã xác nhận', 'Confirmed by')),
      stage: labelled(z.enum(['open', 'introduced']), label('Bước', 'Stage'), {
        open: label('Đang mở', 'Open'),
        introduced: label('Đã giới thiệu', 'Introduced'),
      }),
    });
    const typed = { ...admissionFixture, summarySchema, summary: (context: Context) => summary(context) };
    expect(summaryLabelsSchema(typed)['properties']).toMatchObject({
      stage: { enum: ['open', 'introduced'], 'x-label': { vi: 'Bước', en: 'Stage' } },
    });
    // `votes` is built but not in the schema: a typed client would not know it.
    expect(checkSummaryLabels(typed, [walk().context]).problems).toEqual([
      'admission-fixture summary.votes.for: no x-label with vi and en',
      'admission-fixture summary.votes: no x-label with vi and en',
      'admission-fixture summary: does not match summarySchema (Unrecognized key: "votes")',
    ]);
    const { votes: _votes, ...rest } = summary(walk().context as Context);
    const exact = { ...typed, summary: () => rest };
    expect(checkSummaryLabels(exact, [walk().context]).problems).toEqual([]);
  });
});

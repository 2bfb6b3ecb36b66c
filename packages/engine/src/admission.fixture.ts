import { assign, setup } from 'xstate';
import { z } from 'zod';
import { defineWorkflow, type Label, type PermissionRule } from './define-workflow.ts';
import { effectActions } from './effects.ts';
import type { MachineInput } from './runtime.ts';
import type { WorkflowEvent } from './workflow-event.ts';

/**
 * A small admission workflow for the engine's own tests (not built into the package), using what authors reach for beyond the
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

export interface AdmissionContext {
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
const introducersStillOwing = (context: AdmissionContext) =>
  context.introducers.filter((id) => !context.confirmedBy.includes(id));

const machine = setup({
  types: {
    context: {} as AdmissionContext,
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

export const label = (vi: string, en: string): Label => ({ vi, en });
const empty = z.object({}).strict();

const permissions: PermissionRule<AdmissionContext>[] = [
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

export const admissionFixture = defineWorkflow({
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
  roles: {
    introducer: label('Người giới thiệu', 'Introducer'),
    candidate: label('Người xin vào Đoàn', 'Candidate'),
  },
  units: (context) => ({ branch: context.branchId }),
  subject: (context) => ({ personId: context.candidateId }),
});

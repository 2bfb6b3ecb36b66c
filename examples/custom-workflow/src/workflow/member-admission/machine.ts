import { effectActions, type MachineInput, type WorkflowEvent } from '@doanflow/engine';
import { assign, setup } from 'xstate';
import type {
  AdmissionInput,
  AdmissionPayload,
  AdmissionPolicy,
  admissionEvents,
  outcomes,
} from './schema.ts';

type Events = {
  [K in keyof typeof admissionEvents]: WorkflowEvent<K, AdmissionPayload<K>>;
}[keyof typeof admissionEvents];

export interface AdmissionContext {
  policy: AdmissionPolicy;
  candidateName: string;
  birthDate: string;
  branchId: string;
  introducerIds: string[];
  /** Introducers who have confirmed, in the order they did. */
  confirmedBy: string[];
  votesFor: number | null;
  votesAgainst: number | null;
  outcome: (typeof outcomes)[number] | null;
  reason: string | null;
}

/** The introducers who have not confirmed yet: each keeps a task of their own until they do. */
export const introducersStillOwing = (context: AdmissionContext) =>
  context.introducerIds.filter((id) => !context.confirmedBy.includes(id));

export const admissionMachine = setup({
  types: {
    context: {} as AdmissionContext,
    events: {} as Events,
    input: {} as MachineInput<AdmissionInput, AdmissionPolicy>,
  },
  actions: { ...effectActions },
  guards: {
    owesConfirmation: ({ context, event }) =>
      introducersStillOwing(context).includes(event.meta.actor.personId ?? ''),
    everyoneConfirmed: ({ context }) => introducersStillOwing(context).length === 0,
    /** More than the policy's share of the votes cast (the Charter's "more than half"). */
    branchProposes: ({ context }) => {
      const cast = (context.votesFor ?? 0) + (context.votesAgainst ?? 0);
      return cast > 0 && (context.votesFor ?? 0) / cast > context.policy.branchMajority;
    },
  },
}).createMachine({
  id: 'memberAdmission',
  context: ({ input }) => ({
    policy: input.policy,
    candidateName: input.data.candidateName,
    birthDate: input.data.birthDate,
    branchId: input.data.branchId,
    introducerIds: input.data.introducerIds,
    confirmedBy: [],
    votesFor: null,
    votesAgainst: null,
    outcome: null,
    reason: null,
  }),
  initial: 'preparation',
  states: {
    // Both introducers confirm while the branch meets; the request moves on when both regions end.
    preparation: {
      type: 'parallel',
      onDone: 'branchProposal',
      states: {
        introductions: {
          initial: 'awaitingIntroducers',
          states: {
            awaitingIntroducers: {
              always: { guard: 'everyoneConfirmed', target: 'introduced' },
              on: {
                CONFIRM_INTRODUCTION: {
                  guard: 'owesConfirmation',
                  actions: assign({
                    confirmedBy: ({ context, event }) => [...context.confirmedBy, event.meta.actor.personId!],
                  }),
                },
              },
            },
            introduced: { type: 'final' },
          },
        },
        branchMeeting: {
          initial: 'awaitingVote',
          states: {
            awaitingVote: {
              on: {
                RECORD_BRANCH_VOTE: {
                  target: 'voted',
                  actions: assign({
                    votesFor: ({ event }) => event.payload.votesFor,
                    votesAgainst: ({ event }) => event.payload.votesAgainst,
                  }),
                },
              },
            },
            voted: { type: 'final' },
          },
        },
      },
    },
    // A decision taken by the chart alone, in the same step: proposed to the base, or not.
    branchProposal: {
      always: [
        { guard: 'branchProposes', target: 'baseDecision' },
        { target: 'notAdmitted', actions: assign({ outcome: 'notProposed' as const }) },
      ],
    },
    baseDecision: {
      on: {
        ADMIT: { target: 'admitted', actions: assign({ outcome: 'admitted' as const }) },
        REJECT: {
          target: 'notAdmitted',
          actions: assign({ outcome: 'rejected' as const, reason: ({ event }) => event.payload.reason }),
        },
      },
    },
    admitted: { type: 'final' },
    notAdmitted: { type: 'final' },
  },
});

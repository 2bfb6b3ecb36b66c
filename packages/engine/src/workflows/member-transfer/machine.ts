import { and, assign, setup } from 'xstate';
import { localDate } from '../../calendar/calendar.ts';
import { effectActions } from '../../effects.ts';
import type { MachineInput } from '../../runtime.ts';
import type { WorkflowEvent } from '../../workflow-event.ts';
import type { TransferInput, TransferPayload, TransferPolicy, transferEvents } from './schema.ts';

type Events = {
  [K in keyof typeof transferEvents]: WorkflowEvent<K, TransferPayload<K>>;
}[keyof typeof transferEvents];

export interface TransferContext {
  instanceId: string;
  policy: TransferPolicy;
  memberId: string;
  kind: TransferInput['kind'];
  sourceBranchId: string;
  /** Learnt from whoever issues the referral: the base directly above the source branch. */
  sourceBaseId: string | null;
  destinationBaseId: string;
  destinationBranchId: string | null;
  reason: string;
  memberIsCadre: boolean;
  residenceSince: string | null;
  until: string | null;
  duesPaidThrough: string | null;
  memberBookComment: string | null;
  referral: { number: string; issuedOn: string } | null;
  referralsIssued: number;
  escalated: boolean;
  lastReturnReason: string | null;
  yearEndComment: { comment: string; recommendTopRating: boolean } | null;
}

const monthsBetween = (from: string, to: string) => {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  return (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0);
};

export const transferMachine = setup({
  types: {
    context: {} as TransferContext,
    events: {} as Events,
    input: {} as MachineInput<TransferInput, TransferPolicy>,
  },
  actions: {
    ...effectActions,
    issueReferral: assign(({ context, event }) =>
      event.type === 'ISSUE_REFERRAL' || event.type === 'REISSUE'
        ? {
            referral: { number: event.payload.referralNumber, issuedOn: event.payload.issuedOn },
            referralsIssued: context.referralsIssued + 1,
            sourceBaseId: event.meta.actor.unitId,
          }
        : {},
    ),
    recordReturn: assign({
      lastReturnReason: ({ event }) => ('reason' in event.payload ? event.payload.reason : null),
    }),
  },
  guards: {
    isResidence: ({ context }) => context.kind === 'residence',
    isPermanent: ({ context }) => context.kind === 'permanent',
    residenceLongEnough: ({ context, event }) =>
      context.kind !== 'residence' ||
      monthsBetween(context.residenceSince!, localDate(event.meta.at)) >= context.policy.residenceMinMonths,
    /** A referral must be dated in the current year and not in the future. */
    referralDatedThisYear: ({ event }) => {
      if (event.type !== 'ISSUE_REFERRAL' && event.type !== 'REISSUE') return false;
      const today = localDate(event.meta.at);
      return event.payload.issuedOn.slice(0, 4) === today.slice(0, 4) && event.payload.issuedOn <= today;
    },
    /** Issued by the destination base itself: a move between branches of one base. */
    sameBase: ({ context, event }) => event.meta.actor.unitId === context.destinationBaseId,
  },
}).createMachine({
  id: 'memberTransfer',
  context: ({ input }) => ({
    instanceId: input.instanceId,
    policy: input.policy,
    memberId: input.data.memberId,
    kind: input.data.kind,
    sourceBranchId: input.data.sourceBranchId,
    sourceBaseId: null,
    destinationBaseId: input.data.destinationBaseId,
    destinationBranchId: null,
    reason: input.data.reason,
    memberIsCadre: input.data.memberIsCadre,
    residenceSince: input.data.residenceSince ?? null,
    until: input.data.until ?? null,
    duesPaidThrough: null,
    memberBookComment: null,
    referral: null,
    referralsIssued: 0,
    escalated: false,
    lastReturnReason: null,
    yearEndComment: null,
  }),
  initial: 'requested',
  states: {
    requested: {
      on: {
        SUBMIT: { guard: 'residenceLongEnough', target: 'sourceBranch' },
        WITHDRAW: 'withdrawn',
      },
    },
    sourceBranch: {
      on: {
        CONFIRM: [
          {
            guard: 'isResidence',
            target: 'destinationBase',
            actions: assign({
              duesPaidThrough: ({ event }) => event.payload.duesPaidThrough,
              memberBookComment: ({ event }) => event.payload.memberBookComment,
            }),
          },
          {
            target: 'sourceBase',
            actions: assign({
              duesPaidThrough: ({ event }) => event.payload.duesPaidThrough,
              memberBookComment: ({ event }) => event.payload.memberBookComment,
            }),
          },
        ],
        REJECT: { target: 'rejected', actions: 'recordReturn' },
        WITHDRAW: 'withdrawn',
      },
    },
    sourceBase: {
      on: {
        ISSUE_REFERRAL: [
          {
            guard: and(['referralDatedThisYear', 'sameBase']),
            target: 'branchAssignment',
            actions: 'issueReferral',
          },
          { guard: 'referralDatedThisYear', target: 'inTransit', actions: 'issueReferral' },
        ],
        RETURN_TO_BRANCH: { target: 'sourceBranch', actions: 'recordReturn' },
        WITHDRAW: 'withdrawn',
      },
    },
    inTransit: {
      entry: {
        type: 'scheduleTimer',
        params: ({ context }) => ({
          name: 'referralValidity',
          kind: 'expiry' as const,
          due: { days: context.policy.referralValidityDays },
          event: { type: 'REFERRAL_EXPIRED' },
        }),
      },
      exit: { type: 'cancelTimer', params: { name: 'referralValidity' } },
      on: {
        PRESENT_REFERRAL: 'destinationBase',
        REFERRAL_EXPIRED: 'referralExpired',
      },
    },
    referralExpired: {
      on: {
        REISSUE: { guard: 'referralDatedThisYear', target: 'inTransit', actions: 'issueReferral' },
        CANCEL: { target: 'cancelled', actions: 'recordReturn' },
      },
    },
    destinationBase: {
      entry: [
        assign({ escalated: false }),
        {
          type: 'scheduleTimer',
          params: ({ context }) => ({
            name: 'destinationResponse',
            kind: 'escalation' as const,
            due: { workingDays: context.policy.destinationResponseWorkingDays },
            event: { type: 'RESPONSE_OVERDUE' },
          }),
        },
      ],
      exit: { type: 'cancelTimer', params: { name: 'destinationResponse' } },
      on: {
        ACCEPT: 'branchAssignment',
        RETURN_TO_SOURCE: [
          { guard: 'isResidence', target: 'sourceBranch', actions: 'recordReturn' },
          { target: 'sourceBase', actions: 'recordReturn' },
        ],
        RESPONSE_OVERDUE: {
          actions: [
            assign({ escalated: true }),
            {
              type: 'notify',
              params: {
                message: 'transfer.responseOverdue',
                to: { role: 'upperStanding', of: 'destinationBase', at: 'levelAbove' as const },
              },
            },
          ],
        },
      },
    },
    branchAssignment: {
      on: {
        ASSIGN_BRANCH: {
          target: 'awaitingAcknowledgement',
          actions: assign({ destinationBranchId: ({ event }) => event.payload.branchId }),
        },
      },
    },
    awaitingAcknowledgement: {
      entry: {
        type: 'scheduleTimer',
        params: ({ context }) => ({
          name: 'acknowledgement',
          kind: 'deadline' as const,
          due: { days: context.policy.acknowledgementDays },
          event: { type: 'ACKNOWLEDGEMENT_DUE' },
        }),
      },
      exit: { type: 'cancelTimer', params: { name: 'acknowledgement' } },
      on: {
        ACKNOWLEDGE: [{ guard: 'isPermanent', target: 'completed' }, { target: 'participating' }],
        ACKNOWLEDGEMENT_DUE: [{ guard: 'isPermanent', target: 'completed' }, { target: 'participating' }],
      },
    },
    participating: {
      entry: {
        type: 'scheduleTimer',
        params: ({ context, event }) => {
          const yearEnd = `${localDate(event.meta.at).slice(0, 4)}-12-01`;
          const due = context.until && context.until < yearEnd ? context.until : yearEnd;
          return {
            name: 'yearEndComment',
            kind: 'reminder' as const,
            due: { at: `${due}T01:00:00.000Z` },
            event: { type: 'YEAR_END_REMINDER' },
          };
        },
      },
      exit: { type: 'cancelTimer', params: { name: 'yearEndComment' } },
      on: {
        YEAR_END_COMMENT: {
          target: 'completed',
          actions: assign({ yearEndComment: ({ event }) => event.payload }),
        },
        YEAR_END_REMINDER: {
          actions: {
            type: 'notify',
            params: {
              message: 'transfer.yearEndCommentDue',
              to: { role: 'branchSecretary', of: 'destinationBranch' },
            },
          },
        },
      },
    },
    completed: { type: 'final' },
    rejected: { type: 'final' },
    withdrawn: { type: 'final' },
    cancelled: { type: 'final' },
  },
});

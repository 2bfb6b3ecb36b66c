import { and, assign, enqueueActions, setup } from 'xstate';
import { localDate } from '../../../calendar/calendar.ts';
import { effectActions } from '../../../effects.ts';
import type { MachineInput } from '../../../runtime.ts';
import type { Signature } from '../../../signing.ts';
import type { WorkflowEvent } from '../../../workflow-event.ts';
import type { TransferContext } from '../machine.ts';
import type { TransferInputV2, TransferPayloadV2, TransferPolicyV2, transferEventsV2 } from './schema.ts';

type Events = {
  [K in keyof typeof transferEventsV2]: WorkflowEvent<K, TransferPayloadV2<K>>;
}[keyof typeof transferEventsV2];

/** A comment the host wrote, on its way to the member's home branch. */
export interface HomeComment {
  /** "yearEnd": the host's year-end comment; "stayEnd": written when a temporary stay ended. */
  occasion: 'yearEnd' | 'stayEnd';
  comment: string;
  recommendTopRating: boolean;
  year: number;
  by: string | null;
  /** Set once the home branch has taken it into the member's classification. */
  recordedOn: string | null;
}

export interface TransferContextV2 extends Omit<TransferContext, 'policy' | 'referral'> {
  policy: TransferPolicyV2;
  /** The referral as signed; its number is the register's, on the issued document (not typed in). */
  referral: { issuedOn: string; signature: Signature | null } | null;
  /** The source branch's reservations, for the base that decides. */
  concerns: string | null;
  homeComment: HomeComment | null;
  /** Comments the home branch has recorded, oldest first (feeds the member's classification). */
  homeComments: HomeComment[];
}

const monthsBetween = (from: string, to: string) => {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  return (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0);
};

/** 1 December of this year, or of the next once it has passed: when the host is asked to comment. */
const nextYearEnd = (today: string) => {
  const thisYear = `${today.slice(0, 4)}-12-01`;
  return today < thisYear ? thisYear : `${Number(today.slice(0, 4)) + 1}-12-01`;
};

export const transferMachineV2 = setup({
  types: {
    context: {} as TransferContextV2,
    events: {} as Events,
    input: {} as MachineInput<TransferInputV2 & { memberIsCadre: boolean }, TransferPolicyV2>,
  },
  actions: {
    ...effectActions,
    issueReferral: assign(({ context, event }) =>
      event.type === 'ISSUE_REFERRAL' || event.type === 'REISSUE'
        ? {
            referral: {
              issuedOn: event.payload.issuedOn,
              signature: event.meta.actor.signature ?? null,
            },
            referralsIssued: context.referralsIssued + 1,
            sourceBaseId: event.meta.actor.unitId,
          }
        : {},
    ),
    recordReturn: assign({
      lastReturnReason: ({ event }) => ('reason' in event.payload ? event.payload.reason : null),
    }),
    /** A temporary stay ends on its date: the host base then returns the member or extends. */
    armStayEnd: enqueueActions(({ context, enqueue }) => {
      if (context.kind !== 'temporary' || !context.until) return;
      enqueue({
        type: 'scheduleTimer',
        params: {
          name: 'stayEnds',
          kind: 'deadline',
          due: { at: `${context.until}T01:00:00.000Z` },
          event: { type: 'STAY_ENDS' },
        },
      });
    }),
  },
  guards: {
    isResidence: ({ context }) => context.kind === 'residence',
    isPermanent: ({ context }) => context.kind === 'permanent',
    isTemporary: ({ context }) => context.kind === 'temporary',
    residenceLongEnough: ({ context, event }) =>
      context.kind !== 'residence' ||
      monthsBetween(context.residenceSince!, localDate(event.meta.at)) >= context.policy.residenceMinMonths,
    referralDatedThisYear: ({ event }) => {
      if (event.type !== 'ISSUE_REFERRAL' && event.type !== 'REISSUE') return false;
      const today = localDate(event.meta.at);
      return event.payload.issuedOn.slice(0, 4) === today.slice(0, 4) && event.payload.issuedOn <= today;
    },
    sameBase: ({ context, event }) => event.meta.actor.unitId === context.destinationBaseId,
    /** An extension must end later than today. */
    extendsIntoFuture: ({ event }) =>
      event.type === 'EXTEND_STAY' && event.payload.until > localDate(event.meta.at),
    /** A temporary stay still running after the year-end comment went home. */
    stayContinues: ({ context, event }) =>
      context.kind === 'temporary' &&
      context.homeComment?.occasion === 'yearEnd' &&
      context.until !== null &&
      context.until > localDate(event.meta.at),
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
    concerns: null,
    homeComment: null,
    homeComments: [],
  }),
  initial: 'requested',
  states: {
    requested: {
      on: {
        SUBMIT: [
          // Residence participation: no referral, no dues moved; the home branch is told.
          {
            guard: and(['isResidence', 'residenceLongEnough']),
            target: 'destinationBase',
            actions: {
              type: 'notify',
              params: {
                message: 'transfer.residenceRegistered',
                to: { role: 'branchSecretary', of: 'sourceBranch' },
              },
            },
          },
          { guard: 'residenceLongEnough', target: 'sourceBranch' },
        ],
        WITHDRAW: 'withdrawn',
      },
    },
    sourceBranch: {
      on: {
        // The branch comments and confirms the dues; it has no say on whether the member moves.
        CONFIRM: {
          target: 'sourceBase',
          actions: assign({
            duesPaidThrough: ({ event }) => event.payload.duesPaidThrough,
            memberBookComment: ({ event }) => event.payload.memberBookComment,
            concerns: ({ event }) => event.payload.concerns ?? null,
          }),
        },
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
        // The base decides, with its reasons.
        REJECT: { target: 'rejected', actions: 'recordReturn' },
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
          { guard: 'isResidence', target: 'requested', actions: 'recordReturn' },
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
      entry: [
        {
          type: 'scheduleTimer',
          params: ({ event }) => ({
            name: 'yearEndComment',
            kind: 'reminder' as const,
            due: { at: `${nextYearEnd(localDate(event.meta.at))}T01:00:00.000Z` },
            event: { type: 'YEAR_END_REMINDER' },
          }),
        },
        'armStayEnd',
      ],
      exit: [
        { type: 'cancelTimer', params: { name: 'yearEndComment' } },
        { type: 'cancelTimer', params: { name: 'stayEnds' } },
      ],
      on: {
        YEAR_END_COMMENT: {
          target: 'commentAtHome',
          actions: assign({
            yearEndComment: ({ event }) => event.payload,
            homeComment: ({ event }) => ({
              occasion: 'yearEnd' as const,
              comment: event.payload.comment,
              recommendTopRating: event.payload.recommendTopRating,
              year: Number(localDate(event.meta.at).slice(0, 4)),
              by: event.meta.actor.unitId,
              recordedOn: null,
            }),
          }),
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
        STAY_ENDS: 'stayEnding',
      },
    },
    stayEnding: {
      on: {
        EXTEND_STAY: {
          guard: 'extendsIntoFuture',
          target: 'participating',
          actions: assign({ until: ({ event }) => event.payload.until }),
        },
        RETURN_HOME: {
          target: 'commentAtHome',
          actions: assign({
            homeComment: ({ event }) => ({
              occasion: 'stayEnd' as const,
              comment: event.payload.comment,
              recommendTopRating: false,
              year: Number(localDate(event.meta.at).slice(0, 4)),
              by: event.meta.actor.unitId,
              recordedOn: null,
            }),
          }),
        },
      },
    },
    // The comment is a task at the home branch, which takes it into the member's classification;
    // recorded, it becomes a fact of the member's record there (links.ts).
    commentAtHome: {
      exit: {
        type: 'emitLink',
        params: ({ context, event }) => ({
          kind: 'member.hostComment',
          key: `${context.homeComment?.year}:${context.homeComment?.occasion}:${context.instanceId}`,
          to: { personId: context.memberId },
          data: {
            ...context.homeComment!,
            recordedOn: localDate(event.meta.at),
            homeBranchId: context.sourceBranchId,
            hostBranchId: context.destinationBranchId,
            kind: context.kind,
            note: event.type === 'RECORD_COMMENT' ? (event.payload.note ?? null) : null,
          },
        }),
      },
      on: {
        RECORD_COMMENT: [
          {
            guard: 'stayContinues',
            target: 'participating',
            actions: assign(({ context, event }) => ({
              homeComments: [
                ...context.homeComments,
                { ...context.homeComment!, recordedOn: localDate(event.meta.at) },
              ],
              homeComment: null,
            })),
          },
          {
            target: 'completed',
            actions: assign(({ context, event }) => ({
              homeComments: [
                ...context.homeComments,
                { ...context.homeComment!, recordedOn: localDate(event.meta.at) },
              ],
              homeComment: null,
            })),
          },
        ],
      },
    },
    completed: { type: 'final' },
    rejected: { type: 'final' },
    withdrawn: { type: 'final' },
    cancelled: { type: 'final' },
  },
});

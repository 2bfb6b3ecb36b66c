import { assign, setup } from 'xstate';
import { localDate } from '../../calendar/calendar.ts';
import type { ActingForm } from '../../define-workflow.ts';
import { effectActions } from '../../effects.ts';
import type { MachineInput } from '../../runtime.ts';
import type { WorkflowEvent } from '../../workflow-event.ts';
import type { AwardForm, CampaignInput, CampaignPayload, CampaignPolicy, campaignEvents } from './schema.ts';

type Events = {
  [K in keyof typeof campaignEvents]: WorkflowEvent<K, CampaignPayload<K>>;
}[keyof typeof campaignEvents];

export interface CampaignContext {
  instanceId: string;
  policy: CampaignPolicy;
  awardingUnitId: string;
  name: string;
  awardForms: AwardForm[];
  /** Nominating unit id → most nominations it may submit. Fixed when the round opens. */
  quotas: Record<string, number>;
  deadline: string;
  dossiersReceived: number | null;
  reviewOverdue: boolean;
  decision: {
    number: string;
    signedOn: string;
    awardedCount: number;
    signedBy: string | null;
    acting: ActingForm;
  } | null;
  cancelReason: string | null;
}

const deadlineTimer = 'nominationDeadline';
const reviewTimer = 'councilReview';

/**
 * A round ("đợt") of an award: open for dossiers until its hard deadline, then reviewed by the
 * council and closed by the standing committee's decision. The nominations themselves are separate
 * instances (award-nomination); the server links them by campaign id.
 */
export const campaignMachine = setup({
  types: {
    context: {} as CampaignContext,
    events: {} as Events,
    input: {} as MachineInput<CampaignInput, CampaignPolicy>,
  },
  actions: {
    ...effectActions,
    recordCancellation: assign({
      cancelReason: ({ event }) => (event.type === 'CANCEL' ? event.payload.reason : null),
    }),
  },
  guards: {
    /** The decision is dated after the round closed and not in the future. */
    decisionDatedAfterDeadline: ({ context, event }) =>
      event.type === 'SIGN_DECISION' &&
      event.payload.signedOn >= localDate(context.deadline) &&
      event.payload.signedOn <= localDate(event.meta.at),
  },
}).createMachine({
  id: 'awardCampaign',
  context: ({ input }) => ({
    instanceId: input.instanceId,
    policy: input.policy,
    awardingUnitId: input.data.awardingUnitId,
    name: input.data.name,
    awardForms: input.data.awardForms,
    quotas: input.data.quotas,
    deadline: input.data.deadline,
    dossiersReceived: null,
    reviewOverdue: false,
    decision: null,
    cancelReason: null,
  }),
  initial: 'open',
  states: {
    open: {
      entry: {
        type: 'scheduleTimer',
        params: ({ context }) => ({
          name: deadlineTimer,
          kind: 'deadline' as const,
          due: { at: context.deadline },
          event: { type: 'DEADLINE_PASSED' },
        }),
      },
      exit: { type: 'cancelTimer', params: { name: deadlineTimer } },
      on: {
        // The deadline is hard: nobody closes the round early or late, the timer does.
        DEADLINE_PASSED: 'closed',
        CANCEL: { target: 'cancelled', actions: 'recordCancellation' },
      },
    },
    closed: {
      on: {
        SEND_TO_COUNCIL: {
          target: 'councilReview',
          actions: assign({ dossiersReceived: ({ event }) => event.payload.dossiersReceived }),
        },
        CANCEL: { target: 'cancelled', actions: 'recordCancellation' },
      },
    },
    councilReview: {
      entry: {
        type: 'scheduleTimer',
        params: ({ context }) => ({
          name: reviewTimer,
          kind: 'escalation' as const,
          due: { workingDays: context.policy.councilReviewWorkingDays },
          event: { type: 'REVIEW_OVERDUE' },
        }),
      },
      exit: { type: 'cancelTimer', params: { name: reviewTimer } },
      on: {
        REVIEW_OVERDUE: {
          actions: [
            assign({ reviewOverdue: true }),
            {
              type: 'notify',
              params: {
                message: 'award.councilReviewOverdue',
                to: { role: 'councilChair', of: 'awardingUnit' },
              },
            },
          ],
        },
        SIGN_DECISION: {
          guard: 'decisionDatedAfterDeadline',
          target: 'decisionSigned',
          actions: assign({
            decision: ({ event }) => ({
              number: event.payload.decisionNumber,
              signedOn: event.payload.signedOn,
              awardedCount: event.payload.awardedCount,
              signedBy: event.meta.actor.personId,
              acting: event.meta.actor.acting,
            }),
          }),
        },
        CANCEL: { target: 'cancelled', actions: 'recordCancellation' },
      },
    },
    decisionSigned: { type: 'final' },
    cancelled: { type: 'final' },
  },
});

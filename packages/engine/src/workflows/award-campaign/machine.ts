import { assign, enqueueActions, setup } from 'xstate';
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
  /** v2: the council's recommendations, as the nominations linked them (ranked at the decision). */
  recommendations?: Recommendation[];
  /** v2: most awards per form (absent: no limit beyond the quotas). */
  awardsPerForm?: Record<string, number> | null;
  /** v2: the decision's list, best first within each form. */
  awardees?: Awardee[];
}

export interface Recommendation {
  nominationId: string;
  awardFormId: string;
  nominee: { kind: 'branch'; unitId: string } | { kind: 'person'; personId: string };
  yes: number;
  present: number;
}
export interface Awardee extends Recommendation {
  rank: number;
}

/** The council's ranked list: most yes votes first (then most present), cut at each form's limit. */
export function rankedAwardees(
  recommendations: readonly Recommendation[],
  awardsPerForm: Record<string, number> | null | undefined,
): Awardee[] {
  const sorted = [...recommendations].sort(
    (a, b) => b.yes - a.yes || b.present - a.present || a.nominationId.localeCompare(b.nominationId),
  );
  const taken: Record<string, number> = {};
  const list: Awardee[] = [];
  for (const recommendation of sorted) {
    const limit = awardsPerForm?.[recommendation.awardFormId];
    const count = taken[recommendation.awardFormId] ?? 0;
    if (limit !== undefined && count >= limit) continue;
    taken[recommendation.awardFormId] = count + 1;
    list.push({ ...recommendation, rank: list.length + 1 });
  }
  return list;
}

const deadlineTimer = 'nominationDeadline';
/** v2: a recommendation is recorded whenever it arrives before the decision. */
const recommended = {
  NOMINATION_RECOMMENDED: { guard: 'recommendationOfThisRound', actions: 'recordRecommendation' },
} as const;
const reviewTimer = 'councilReview';

/**
 * A round ("đợt") of an award: open for dossiers until its hard deadline, then reviewed by the
 * council and closed by the standing committee's decision. The nominations themselves are separate
 * instances (award-nomination); the server links them by campaign id.
 */
export const campaignSetup = setup({
  types: {
    context: {} as CampaignContext,
    events: {} as Events,
    input: {} as MachineInput<CampaignInput, CampaignPolicy>,
  },
  actions: {
    ...effectActions,
    recordRecommendation: assign({
      recommendations: ({ context, event }) => {
        if (event.type !== 'NOMINATION_RECOMMENDED') return context.recommendations ?? [];
        const data = event.payload.data as unknown as Recommendation;
        const others = (context.recommendations ?? []).filter((r) => r.nominationId !== data.nominationId);
        return [
          ...others,
          {
            nominationId: data.nominationId,
            awardFormId: data.awardFormId,
            nominee: data.nominee,
            yes: data.yes,
            present: data.present,
          },
        ];
      },
    }),
    /** v2: one decision for the round, listing every awardee of the ranked list. */
    decideAwards: assign(({ context, event }) => {
      if (event.type !== 'DECIDE_AWARDS') return {};
      const awardees = rankedAwardees(context.recommendations ?? [], context.awardsPerForm);
      return {
        awardees,
        decision: {
          number: event.payload.decisionNumber,
          signedOn: event.payload.signedOn,
          awardedCount: awardees.length,
          signedBy: event.meta.actor.personId,
          acting: event.meta.actor.acting,
        },
      };
    }),
    /** v2: the decision goes to every nomination of the round and to each awardee's record. */
    linkRoundDecision: enqueueActions(({ context, enqueue }) => {
      const decision = context.decision;
      if (!decision) return;
      const awardees = context.awardees ?? [];
      enqueue({
        type: 'emitLink',
        params: {
          kind: 'award.roundDecision',
          key: context.instanceId,
          to: { unit: 'awardingUnit' },
          data: {
            campaignId: context.instanceId,
            decisionNumber: decision.number,
            signedOn: decision.signedOn,
            signedBy: decision.signedBy,
            acting: decision.acting,
            awardees: awardees.map(({ nominationId, rank, awardFormId }) => ({
              nominationId,
              rank,
              awardFormId,
            })),
          },
          deliver: [{ workflowId: 'award-nomination', event: 'ROUND_DECIDED' }],
        },
      });
      for (const awardee of awardees) {
        const form = context.awardForms.find((f) => f.id === awardee.awardFormId);
        enqueue({
          type: 'emitLink',
          params: {
            kind: 'award',
            key: `${context.instanceId}:${awardee.awardFormId}`,
            to:
              awardee.nominee.kind === 'branch'
                ? { unitId: awardee.nominee.unitId }
                : { personId: awardee.nominee.personId },
            data: {
              awardFormId: awardee.awardFormId,
              awardForm: form?.name ?? awardee.awardFormId,
              round: context.name,
              awardingUnitId: context.awardingUnitId,
              decisionNumber: decision.number,
              signedOn: decision.signedOn,
              rank: awardee.rank,
            },
          },
        });
      }
    }),
    recordCancellation: assign({
      cancelReason: ({ event }) => (event.type === 'CANCEL' ? event.payload.reason : null),
    }),
  },
  guards: {
    /** v2: a recommendation of this round. */
    recommendationOfThisRound: ({ context, event }) =>
      event.type === 'NOMINATION_RECOMMENDED' && event.payload.data['campaignId'] === context.instanceId,
    /** The decision is dated after the round closed and not in the future. */
    decisionDatedAfterDeadline: ({ context, event }) =>
      (event.type === 'SIGN_DECISION' || event.type === 'DECIDE_AWARDS') &&
      event.payload.signedOn >= localDate(context.deadline) &&
      event.payload.signedOn <= localDate(event.meta.at),
  },
});

/** What the campaign's states take in both versions, and v2's recommendations wherever they arrive. */
const campaignChart = (version: 1 | 2) =>
  campaignSetup.createMachine({
    id: 'awardCampaign',
    context: ({ input }) => ({
      ...(version === 2
        ? { recommendations: [], awardees: [], awardsPerForm: input.data.awardsPerForm ?? null }
        : {}),
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
          ...(version === 2 ? recommended : {}),
        },
      },
      closed: {
        on: {
          SEND_TO_COUNCIL: {
            target: 'councilReview',
            actions: assign({ dossiersReceived: ({ event }) => event.payload.dossiersReceived }),
          },
          CANCEL: { target: 'cancelled', actions: 'recordCancellation' },
          ...(version === 2 ? recommended : {}),
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
          ...(version === 1
            ? {
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
              }
            : {
                ...recommended,
                DECIDE_AWARDS: {
                  guard: 'decisionDatedAfterDeadline',
                  target: 'decisionSigned',
                  actions: ['decideAwards', 'linkRoundDecision'],
                },
              }),
          CANCEL: { target: 'cancelled', actions: 'recordCancellation' },
        },
      },
      decisionSigned: { type: 'final' },
      cancelled: { type: 'final' },
    },
  });

export const campaignMachine = campaignChart(1);
export const campaignMachineV2 = campaignChart(2);

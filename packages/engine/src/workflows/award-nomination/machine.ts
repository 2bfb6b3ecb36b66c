import { and, assign, enqueueActions, setup } from 'xstate';
import { localDate } from '../../calendar/calendar.ts';
import type { ActingForm } from '../../define-workflow.ts';
import { effectActions } from '../../effects.ts';
import type { MachineInput } from '../../runtime.ts';
import type { WorkflowEvent } from '../../workflow-event.ts';
import { countedBallotBox, tallyCounts, tallyVotes, type Ballot, type VoteOutcome } from './council-vote.ts';
import { isLate, readyToSubmit, type DocumentRef, type RatingRecord } from './dossier.ts';
import { nominationStartFacts, ratingOfReviewLevel } from './schema.ts';
import type { AwardForm } from '../award-campaign/schema.ts';
import type {
  CastVoteV2,
  DocumentKind,
  NominationInput,
  NominationInputV2,
  NominationPayload,
  NominationPolicy,
  Nominee,
  nominationEvents,
} from './schema.ts';

type Events = {
  // v2's vote may come without its choice (a secret ballot): the wider payload covers both.
  [K in keyof typeof nominationEvents]: WorkflowEvent<
    K,
    K extends 'CAST_VOTE' ? CastVoteV2 : NominationPayload<K>
  >;
}[keyof typeof nominationEvents];

export interface NominationContext {
  instanceId: string;
  policy: NominationPolicy;
  campaignId: string;
  awardingUnitId: string;
  nominatingUnitId: string;
  deadline: string;
  quota: number;
  alreadySubmitted: number;
  councilSize: number;
  awardForm: AwardForm;
  nominee: Nominee;
  documents: Partial<Record<DocumentKind, DocumentRef>>;
  rating: RatingRecord | null;
  submittedAt: string | null;
  returnCount: number;
  lastReturn: { reason: string; missing: DocumentKind[]; at: string } | null;
  checkOverdue: boolean;
  /** The round's ballot is secret: `ballots` holds who voted and when, never how (v2). */
  secretBallot: boolean;
  /** Ballots keyed by the voter's person id: one per council member. */
  ballots: Record<string, Ballot>;
  outcome: VoteOutcome | null;
  decision: {
    number: string;
    signedOn: string;
    certificateNumber: string;
    signedBy: string | null;
    acting: ActingForm;
  } | null;
  /** Why the nominating unit withdrew, or why the standing committee declined to sign. */
  closingReason: string | null;
}

/** What a round's decision says (campaign-machine.ts `linkRoundDecision`). */
export interface RoundDecisionData {
  campaignId: string;
  decisionNumber: string;
  signedOn: string;
  signedBy: string | null;
  acting: ActingForm;
  awardees: { nominationId: string; rank: number; awardFormId: string }[];
}

const listedIn = (data: Record<string, unknown>, nominationId: string) =>
  (data as unknown as RoundDecisionData).awardees.some((awardee) => awardee.nominationId === nominationId);

/** The unit's nominations already submitted in the round, as the server counted them (v2). */
const submittedInUnit = (facts: Record<string, unknown>): number | null => {
  const value = facts['submittedInUnit'];
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;
};

const deadlineTimer = 'submissionDeadline';
const reminderTimer = 'deadlineReminder';
const checkTimer = 'dossierCheck';

/** Actions and guards of both versions of the nomination; the charts differ in a few transitions. */
export const nominationSetup = setup({
  types: {
    context: {} as NominationContext,
    events: {} as Events,
    input: {} as MachineInput<NominationInput, NominationPolicy>,
  },
  actions: {
    ...effectActions,
    recordReturn: assign(({ context, event }) =>
      event.type === 'RETURN_INCOMPLETE'
        ? {
            returnCount: context.returnCount + 1,
            lastReturn: { reason: event.payload.reason, missing: event.payload.missing, at: event.meta.at },
          }
        : {},
    ),
    recordOutcome: assign({
      outcome: ({ context, event }) => outcomeOf(context, event.meta.facts),
    }),
    /** v2: the count the server took in the submission's transaction, for the summary. */
    recordCount: assign({
      alreadySubmitted: ({ context, event }) => submittedInUnit(event.meta.facts) ?? context.alreadySubmitted,
    }),
    /** v2: a review result delivered by a link; a newer year replaces an older one. */
    recordReviewResult: assign({
      rating: ({ context, event }) => {
        if (event.type !== 'REVIEW_RESULT_RECORDED') return context.rating;
        const year = Number(event.payload.key);
        const rating = ratingOfReviewLevel[String(event.payload.data['level'])];
        if (!rating || !Number.isInteger(year) || (context.rating && context.rating.year > year)) {
          return context.rating;
        }
        return { year, rating, disciplined: false };
      },
    }),
    /** v2: a council recommendation goes to the round (the awarding unit's open campaigns). */
    linkRecommendation: enqueueActions(({ context, event, enqueue }) => {
      const outcome = outcomeOf(context, event.meta.facts);
      if (!outcome.approved) return;
      enqueue({
        type: 'emitLink',
        params: {
          kind: 'award.recommendation',
          key: `${context.campaignId}:${context.instanceId}`,
          to: { unit: 'awardingUnit' },
          data: {
            campaignId: context.campaignId,
            nominationId: context.instanceId,
            awardFormId: context.awardForm.id,
            nominee: context.nominee,
            nominatingUnitId: context.nominatingUnitId,
            yes: outcome.yes,
            present: outcome.present,
          },
          deliver: [{ workflowId: 'award-campaign', event: 'NOMINATION_RECOMMENDED' }],
        },
      });
    }),
    /** v2: the round's decision, as its campaign published it. */
    recordRoundDecision: assign({
      decision: ({ context, event }) => {
        if (event.type !== 'ROUND_DECIDED') return context.decision;
        const data = event.payload.data as unknown as RoundDecisionData;
        const listed = data.awardees.find((awardee) => awardee.nominationId === context.instanceId);
        return listed
          ? {
              number: data.decisionNumber,
              signedOn: data.signedOn,
              certificateNumber: `${data.decisionNumber}/${listed.rank}`,
              signedBy: data.signedBy,
              acting: data.acting,
            }
          : context.decision;
      },
      closingReason: ({ context, event }) =>
        event.type === 'ROUND_DECIDED' && !listedIn(event.payload.data, context.instanceId)
          ? 'notInRoundDecision'
          : context.closingReason,
    }),
    recordClosingReason: assign({
      closingReason: ({ event }) => ('reason' in event.payload ? event.payload.reason : null),
    }),
  },
  guards: {
    /** The event came at or after the round's hard deadline. */
    deadlinePassed: ({ context, event }) => isLate(context, event.meta.at),
    /** Dossier complete, nominee eligible, and the unit's quota not used up. */
    readyToSubmit: ({ context }) => readyToSubmit(context),
    /** v2: the same, with the unit's submitted nominations as the server counted them just now. */
    readyToSubmitCounted: ({ context, event }) => {
      const counted = submittedInUnit(event.meta.facts);
      return counted !== null && readyToSubmit({ ...context, alreadySubmitted: counted });
    },
    /** v2: a branch's rating comes from its review record; a person's is declared. */
    nomineeIsPerson: ({ context }) => context.nominee.kind === 'person',
    /** v2: the round decision is this round's. */
    decisionOfThisRound: ({ context, event }) =>
      event.type === 'ROUND_DECIDED' && event.payload.data['campaignId'] === context.campaignId,
    /** v2: …and lists this nomination among the awardees. */
    listedInRoundDecision: ({ context, event }) =>
      event.type === 'ROUND_DECIDED' &&
      event.payload.data['campaignId'] === context.campaignId &&
      listedIn(event.payload.data, context.instanceId),
    hasNotVoted: ({ context, event }) =>
      event.meta.actor.personId !== null && !(event.meta.actor.personId in context.ballots),
    /** A public vote carries its choice; a secret one reaches the engine without it. */
    ballotFitsPolicy: ({ context, event }) =>
      event.type === 'CAST_VOTE' && (event.payload.vote === undefined) === (context.secretBallot === true),
    /** A secret vote closes only on the server's count of its box, one choice per recorded voter. */
    ballotBoxCounted: ({ context, event }) => {
      if (context.secretBallot !== true) return true;
      const counts = countedBallotBox(event.meta.facts);
      return (
        counts !== null && counts.yes + counts.no + counts.abstain === Object.keys(context.ballots).length
      );
    },
    noBallotYet: ({ context }) => Object.keys(context.ballots).length === 0,
    quorumAndMajority: ({ context, event }) => outcomeOf(context, event.meta.facts).approved,
    /** A decision is not dated in the future nor before the dossier reached the awarding unit. */
    decisionDateValid: ({ context, event }) =>
      event.type === 'SIGN_DECISION' &&
      event.payload.signedOn <= localDate(event.meta.at) &&
      event.payload.signedOn >= localDate(context.submittedAt ?? event.meta.at),
  },
});

/** The vote's result: the ballots themselves, or in a secret ballot the box as the server counted it. */
function outcomeOf(context: NominationContext, facts: Readonly<Record<string, unknown>>): VoteOutcome {
  if (context.secretBallot !== true) return tallyVotes(context.ballots, context.councilSize, context.policy);
  const counts = countedBallotBox(facts) ?? { yes: 0, no: 0, abstain: 0 };
  return tallyCounts(counts, context.councilSize, context.policy);
}

/** v1: the starter copied the round's figures into the input. */
const contextV1 = (input: MachineInput<NominationInput, NominationPolicy>): NominationContext => ({
  ...blankContext(input),
  campaignId: input.data.campaignId,
  awardingUnitId: input.data.awardingUnitId,
  nominatingUnitId: input.data.nominatingUnitId,
  deadline: input.data.deadline,
  quota: input.data.quota,
  alreadySubmitted: input.data.alreadySubmitted,
  councilSize: input.data.councilSize ?? input.policy.councilSize,
  awardForm: input.data.awardForm,
  nominee: input.data.nominee,
  rating: null,
});

/** v2: the round's figures and the nominee's rating come from what the server read (facts). */
const contextV2 = (input: MachineInput<NominationInputV2, NominationPolicy>): NominationContext => {
  const facts = nominationStartFacts.parse(input.facts ?? {});
  return {
    ...blankContext(input),
    campaignId: input.data.campaignId,
    awardingUnitId: facts.campaign.awardingUnitId,
    nominatingUnitId: input.data.nominatingUnitId,
    deadline: facts.campaign.deadline,
    quota: facts.campaign.quota,
    alreadySubmitted: 0,
    councilSize: facts.campaign.councilSize ?? input.policy.councilSize,
    awardForm: facts.campaign.awardForm,
    nominee: input.data.nominee,
    rating: input.data.nominee.kind === 'branch' ? facts.rating : null,
    secretBallot: facts.campaign.secretBallot ?? false,
  };
};

const blankContext = (input: MachineInput<unknown, NominationPolicy>) => ({
  instanceId: input.instanceId,
  policy: input.policy,
  documents: {},
  submittedAt: null,
  returnCount: 0,
  lastReturn: null,
  checkOverdue: false,
  secretBallot: false,
  ballots: {},
  outcome: null,
  decision: null,
  closingReason: null,
});

/**
 * The chart of a nomination. Version 2 reads the round from its campaign, counts the unit's
 * submissions in the submission's own transaction, and takes a branch's rating from its review.
 */
const nominationChart = (version: 1 | 2) =>
  nominationSetup.createMachine({
    id: 'awardNomination',
    context: ({ input }) =>
      version === 1
        ? contextV1(input)
        : contextV2(input as unknown as MachineInput<NominationInputV2, NominationPolicy>),
    initial: 'preparing',
    states: {
      preparing: {
        entry: [
          {
            type: 'scheduleTimer',
            params: ({ context }) => ({
              name: deadlineTimer,
              kind: 'deadline' as const,
              due: { at: context.deadline },
              event: { type: 'SUBMISSION_DEADLINE' },
            }),
          },
          {
            type: 'scheduleTimer',
            params: ({ context }) => ({
              name: reminderTimer,
              kind: 'reminder' as const,
              due: { workingDays: -context.policy.reminderWorkingDaysBeforeDeadline, from: context.deadline },
              event: { type: 'DEADLINE_REMINDER' },
            }),
          },
        ],
        exit: [
          { type: 'cancelTimer', params: { name: deadlineTimer } },
          { type: 'cancelTimer', params: { name: reminderTimer } },
        ],
        on: {
          ADD_DOCUMENT: {
            actions: assign({
              documents: ({ context, event }) => ({
                ...context.documents,
                // The runtime checked each file's kind; a later file of a kind replaces the earlier one.
                ...Object.fromEntries(
                  event.meta.attachments.map((file) => [
                    file.kind,
                    {
                      id: file.id,
                      name: file.name,
                      sha256: file.sha256,
                      addedAt: event.meta.at,
                      addedBy: event.meta.actor.personId,
                    },
                  ]),
                ),
              }),
            }),
          },
          REMOVE_DOCUMENT: {
            actions: assign({
              documents: ({ context, event }) =>
                Object.fromEntries(
                  Object.entries(context.documents).filter(([kind]) => kind !== event.payload.kind),
                ),
            }),
          },
          ...(version === 1
            ? {
                RECORD_RATING: { actions: assign({ rating: ({ event }) => event.payload }) },
                SUBMIT: [
                  { guard: 'deadlinePassed', target: 'rejectedLate' },
                  {
                    guard: 'readyToSubmit',
                    target: 'secretariatCheck',
                    actions: assign({ submittedAt: ({ event }) => event.meta.at }),
                  },
                ],
              }
            : {
                RECORD_RATING: {
                  guard: 'nomineeIsPerson',
                  actions: assign({ rating: ({ event }) => event.payload }),
                },
                REVIEW_RESULT_RECORDED: { actions: 'recordReviewResult' },
                SUBMIT: [
                  { guard: 'deadlinePassed', target: 'rejectedLate' },
                  {
                    guard: 'readyToSubmitCounted',
                    target: 'secretariatCheck',
                    actions: ['recordCount', assign({ submittedAt: ({ event }) => event.meta.at })],
                  },
                ],
              }),
          WITHDRAW: { target: 'withdrawn', actions: 'recordClosingReason' },
          SUBMISSION_DEADLINE: 'rejectedLate',
          DEADLINE_REMINDER: {
            actions: {
              type: 'notify',
              params: ({ context }) => ({
                message: 'award.deadlineSoon',
                to: { role: 'baseStanding', of: 'nominatingUnit' },
                data: { deadline: context.deadline, campaignId: context.campaignId },
              }),
            },
          },
        },
      },
      secretariatCheck: {
        entry: [
          assign({ checkOverdue: false }),
          {
            type: 'scheduleTimer',
            params: ({ context }) => ({
              name: checkTimer,
              kind: 'escalation' as const,
              due: { workingDays: context.policy.dossierCheckWorkingDays },
              event: { type: 'CHECK_OVERDUE' },
            }),
          },
        ],
        exit: { type: 'cancelTimer', params: { name: checkTimer } },
        on: {
          ACCEPT_DOSSIER: 'councilVoting',
          // Past the deadline an incomplete dossier cannot be completed: it is refused as late.
          RETURN_INCOMPLETE: [
            { guard: 'deadlinePassed', target: 'rejectedLate', actions: 'recordReturn' },
            { target: 'preparing', actions: 'recordReturn' },
          ],
          WITHDRAW: { target: 'withdrawn', actions: 'recordClosingReason' },
          CHECK_OVERDUE: {
            actions: [
              assign({ checkOverdue: true }),
              {
                type: 'notify',
                params: {
                  message: 'award.dossierCheckOverdue',
                  to: { role: 'standingSecretary', of: 'awardingUnit' },
                },
              },
            ],
          },
        },
      },
      councilVoting: {
        on: {
          CAST_VOTE: {
            guard: and(['hasNotVoted', 'ballotFitsPolicy']),
            actions: assign({
              ballots: ({ context, event }) => ({
                ...context.ballots,
                [event.meta.actor.personId!]: {
                  // In a secret ballot there is no choice here to keep: who voted, and when.
                  ...(event.payload.vote === undefined ? {} : { vote: event.payload.vote }),
                  at: event.meta.at,
                  role: event.meta.actor.role,
                },
              }),
            }),
          },
          // A secret vote closes only on the server's count of its box (ballotBoxCounted).
          CLOSE_VOTE: [
            {
              guard: and(['ballotBoxCounted', 'quorumAndMajority']),
              target: 'awaitingSignature',
              actions: version === 1 ? 'recordOutcome' : ['recordOutcome', 'linkRecommendation'],
            },
            { guard: 'ballotBoxCounted', target: 'notRecommended', actions: 'recordOutcome' },
          ],
          // Once a member has voted, the nomination belongs to the council.
          WITHDRAW: { guard: 'noBallotYet', target: 'withdrawn', actions: 'recordClosingReason' },
        },
      },
      awaitingSignature: {
        on:
          version === 1
            ? {
                SIGN_DECISION: {
                  guard: 'decisionDateValid',
                  target: 'awarded',
                  actions: assign({
                    decision: ({ event }) => ({
                      number: event.payload.decisionNumber,
                      signedOn: event.payload.signedOn,
                      certificateNumber: event.payload.certificateNumber,
                      signedBy: event.meta.actor.personId,
                      acting: event.meta.actor.acting,
                    }),
                  }),
                },
                DECLINE_TO_SIGN: { target: 'notRecommended', actions: 'recordClosingReason' },
              }
            : {
                // The round's one decision lists the awardees; its other recommendations are not.
                ROUND_DECIDED: [
                  { guard: 'listedInRoundDecision', target: 'awarded', actions: 'recordRoundDecision' },
                  { guard: 'decisionOfThisRound', target: 'notRecommended', actions: 'recordRoundDecision' },
                ],
              },
      },
      awarded: { type: 'final' },
      rejectedLate: { type: 'final' },
      notRecommended: { type: 'final' },
      withdrawn: { type: 'final' },
    },
  });

export const nominationMachine = nominationChart(1);
export const nominationMachineV2 = nominationChart(2);

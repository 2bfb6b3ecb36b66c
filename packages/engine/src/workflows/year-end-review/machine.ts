import { assign, setup } from 'xstate';
import { effectActions } from '../../effects.ts';
import type { MachineInput } from '../../runtime.ts';
import type { WorkflowEvent } from '../../workflow-event.ts';
import type { ClassificationLevel } from '../branch-review/schema.ts';
import { ratingCap, recordOfYear, withinCap, type RecordOfYear } from './record-facts.ts';
import type {
  ReviewedAs,
  YearEndReviewInput,
  YearEndReviewPayload,
  YearEndReviewPolicy,
  yearEndReviewEvents,
} from './schema.ts';

type Events = {
  [K in keyof typeof yearEndReviewEvents]: WorkflowEvent<K, YearEndReviewPayload<K>>;
}[keyof typeof yearEndReviewEvents];

export interface YearEndReviewContext {
  policy: YearEndReviewPolicy;
  personId: string;
  year: number;
  as: ReviewedAs;
  unitId: string | null;
  /** The person's record of the year, as the server read it at the start and again at the decision. */
  record: RecordOfYear;
  cap: ReturnType<typeof ratingCap>;
  selfAssessment: { rating: ClassificationLevel; summary: string; submittedAt: string } | null;
  returnedWith: string | null;
  decision: { rating: ClassificationLevel; reasons: string; decidedBy: string; decidedAt: string } | null;
}

type Args = { context: YearEndReviewContext; event: Events };

/** The record as the event found it: re-read by the server for a decision, else as at the start. */
const recordNow = ({ context, event }: Args) =>
  event.meta.facts['record'] ? recordOfYear(event.meta.facts, context.year) : context.record;

export const yearEndReviewMachine = setup({
  types: {
    context: {} as YearEndReviewContext,
    events: {} as Events,
    input: {} as MachineInput<YearEndReviewInput, YearEndReviewPolicy>,
  },
  actions: {
    ...effectActions,
  },
  guards: {
    /** The rating the record allows: the host's recommendation, the "1+2" days (record-facts.ts). */
    ratingWithinRecord: (args: Args) =>
      args.event.type === 'DECIDE' &&
      withinCap(args.event.payload.rating, ratingCap(args.context.as, recordNow(args), args.context.policy)),
  },
}).createMachine({
  id: 'yearEndReview',
  context: ({ input }) => {
    const record = recordOfYear(input.facts, input.data.year);
    return {
      policy: input.policy,
      personId: input.data.personId,
      year: input.data.year,
      as: input.data.as,
      unitId: input.data.unitId,
      record,
      cap: ratingCap(input.data.as, record, input.policy),
      selfAssessment: null,
      returnedWith: null,
      decision: null,
    };
  },
  initial: 'selfAssessment',
  states: {
    selfAssessment: {
      on: {
        SUBMIT_SELF_ASSESSMENT: {
          target: 'decision',
          actions: assign({
            selfAssessment: ({ event }) => ({
              rating: event.payload.rating,
              summary: event.payload.summary,
              submittedAt: event.meta.at,
            }),
            returnedWith: null,
          }),
        },
      },
    },
    decision: {
      on: {
        DECIDE: {
          guard: 'ratingWithinRecord',
          target: 'decided',
          actions: assign(({ context, event }) => {
            const record = recordNow({ context, event });
            return {
              record,
              cap: ratingCap(context.as, record, context.policy),
              decision: {
                rating: event.payload.rating,
                reasons: event.payload.reasons,
                decidedBy: event.meta.actor.personId ?? 'system',
                decidedAt: event.meta.at,
              },
            };
          }),
        },
        RETURN: {
          target: 'selfAssessment',
          actions: assign({ returnedWith: ({ event }) => event.payload.comment }),
        },
      },
    },
    decided: { type: 'final' },
  },
});

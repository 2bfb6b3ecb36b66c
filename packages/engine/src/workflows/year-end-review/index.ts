import { defineWorkflow, toneOf, type EventSpec } from '../../define-workflow.ts';
import {
  yearEndReviewDescription,
  yearEndReviewEventLabels,
  yearEndReviewStateLabels,
  yearEndReviewSummaryLabels,
  yearEndReviewTitle,
} from './labels.ts';
import { yearEndReviewMachine } from './machine.ts';
import { yearEndReviewSummary } from './summary-schema.ts';
import { yearEndReviewPermissions, yearEndReviewStart } from './permissions.ts';
import { yearEndReviewEvents, yearEndReviewInput, yearEndReviewPolicy, type ReviewedAs } from './schema.ts';

const events: Record<string, EventSpec> = Object.fromEntries(
  Object.entries(yearEndReviewEvents).map(([type, payload]) => [
    type,
    {
      payload,
      label: yearEndReviewEventLabels[type]!,
      decision: type !== 'SUBMIT_SELF_ASSESSMENT',
      irreversible: type === 'DECIDE',
      tone: toneOf(type, new Set(['SUBMIT_SELF_ASSESSMENT', 'DECIDE']), new Set()),
    },
  ]),
);

/**
 * The year-end review of a person (issue 11, group 7): a member's classification at home, which the
 * residence or host branch's year-end comment feeds, and a cadre's review, which the "1+2" credited
 * days and visit quality feed. Both read the person's record — the facts the transfer's and the field
 * visit's links delivered — through the server at the start and at the decision, into the history.
 */
export const yearEndReview = defineWorkflow({
  id: 'year-end-review',
  version: 1,
  title: yearEndReviewTitle,
  description: yearEndReviewDescription,
  machine: yearEndReviewMachine,
  input: yearEndReviewInput,
  policy: yearEndReviewPolicy,
  // Where the person is reviewed is the directory's to say: the member's branch, the cadre's body.
  facts: (input: { personId: string; as: ReviewedAs }, directory, on) => ({
    unitId:
      input.as === 'member'
        ? (directory.person(input.personId)?.memberOf ?? null)
        : (directory.bindingsOf(input.personId, on).find((binding) => binding.role === 'cadre')?.unitId ??
          null),
  }),
  events,
  states: yearEndReviewStateLabels,
  permissions: yearEndReviewPermissions,
  start: yearEndReviewStart,
  units: (context) => ({ unit: context.unitId }),
  subject: (context) => ({ personId: context.personId, unit: 'unit' }),
  summary: (context) => ({
    personId: context.personId,
    year: context.year,
    as: context.as,
    unitId: context.unitId,
    record: context.record,
    cap: context.cap,
    selfAssessment: context.selfAssessment,
    returnedWith: context.returnedWith,
    decision: context.decision,
  }),
  summaryLabels: yearEndReviewSummaryLabels,
  summarySchema: yearEndReviewSummary,
});

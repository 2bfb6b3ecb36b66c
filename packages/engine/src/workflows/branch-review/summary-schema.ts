import { z } from 'zod';
import { summaryWords } from '../summary-words.ts';
import {
  branchReviewEvents,
  branchReviewInput,
  classificationLevels,
  v1OnlyEvents,
  v2OnlyEvents,
} from './schema.ts';
import { branchReviewSummaryLabels } from './summary-labels.ts';

/** The payloads a version takes, as its event table has them (the first word found wins). */
const payloadsOf = (excluded: ReadonlySet<string>) =>
  Object.fromEntries(Object.entries(branchReviewEvents).filter(([type]) => !excluded.has(type)));

type Words = ReturnType<typeof summaryWords>;
const level = () => z.enum(classificationLevels);
const count = () => z.number().int().min(0);

function branchReviewSummaryShape(words: Words) {
  return {
    branchId: words('branchId', z.string()),
    baseId: words('baseId', z.string()),
    year: words('year', z.number().int()),
    threeHaves: words(
      'threeHaves',
      z.strictObject({
        hasCadre: words('hasCadre', z.boolean()),
        hasRegularMeetings: words('hasRegularMeetings', z.boolean()),
        hasYouthProject: words('hasYouthProject', z.boolean()),
        met: words('met', z.boolean()),
      }),
    ),
    meetingMonths: words('meetingMonths', z.array(z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/))),
    twoBriefingsOneLink: words(
      'twoBriefingsOneLink',
      z.strictObject({
        briefingsFirstHalf: words('briefingsFirstHalf', z.boolean()),
        briefingsSecondHalf: words('briefingsSecondHalf', z.boolean()),
        jointMeetingMonths: words('jointMeetingMonths', count()),
      }),
    ),
    youthProjects: words('youthProjects', z.array(z.string())),
    proposedBySelf: words('proposedBySelf', level().nullable()),
    proposedByBase: words('proposedByBase', level().nullable()),
    result: words(
      'result',
      z
        .strictObject({
          level: words('level', level()),
          decidedAt: words('decidedAt', z.iso.datetime({ offset: true })),
          decisionNumber: words('decisionNumber', z.string().nullable()),
          adjustedFrom: words('adjustedFrom', level().nullable()),
          reason: words('reason', z.string().nullable()),
          onAppeal: words('onAppeal', z.boolean()),
        })
        .nullable(),
    ),
    appeals: words('appeals', count()),
    escalated: words('escalated', z.boolean()),
    lateStages: words('lateStages', z.array(z.enum(['submission', 'baseReview', 'upperReview', 'appeal']))),
  };
}

const v1 = summaryWords(branchReviewInput, payloadsOf(v2OnlyEvents), branchReviewSummaryLabels);
const v2 = summaryWords(branchReviewInput, payloadsOf(v1OnlyEvents), branchReviewSummaryLabels);

/** What `summary()` of branch-review v1 builds (index.ts), in the words officers read. */
export const branchReviewSummary = z.object(branchReviewSummaryShape(v1));

/** v2's summary adds the "3 có" score, who decided and the level awaiting approval above. */
export const branchReviewSummaryV2 = z.object({
  ...branchReviewSummaryShape(v2),
  threeHavesScore: v2('threeHavesScore', z.number().int().min(0).max(3)),
  decidedBy: v2('decidedBy', z.enum(['base', 'upper']).nullable()),
  awaitingUpperApproval: v2('awaitingUpperApproval', level().nullable()),
});

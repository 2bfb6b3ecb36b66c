import { z } from 'zod';
import { classificationLevels } from '../branch-review/schema.ts';
import { summaryWords } from '../summary-words.ts';
import { yearEndReviewSummaryLabels } from './labels.ts';
import { reviewedAs, yearEndReviewEvents, yearEndReviewInput } from './schema.ts';

const words = summaryWords(yearEndReviewInput, yearEndReviewEvents, yearEndReviewSummaryLabels);
const level = () => z.enum(classificationLevels);
const instant = () => z.iso.datetime({ offset: true });

/**
 * The record of the year as record-facts.ts reads it from the person's facts. Codes read from a
 * fact (an occasion, an outcome, a quality) are kept as written, so they are strings here.
 */
const record = z.strictObject({
  hostComments: words(
    'hostComments',
    z.array(
      z.strictObject({
        occasion: words('occasion', z.string()),
        comment: words('comment', z.string()),
        recommendTopRating: words('recommendTopRating', z.boolean()),
        hostBranchId: words('hostBranchId', z.string().nullable()),
        recordedOn: words('recordedOn', z.string().nullable()),
        sourceInstanceId: words('sourceInstanceId', z.string()),
      }),
    ),
  ),
  fieldVisit: words(
    'fieldVisit',
    z
      .strictObject({
        outcome: words('outcome', z.string()),
        creditedDays: words('creditedDays', z.number()),
        quotaDays: words('quotaDays', z.number().nullable()),
        tripsReviewed: words('tripsReviewed', z.number()),
        qualities: words(
          'qualities',
          z.array(
            z.strictObject({ quality: words('quality', z.string()), count: words('count', z.number()) }),
          ),
        ),
        reportsLate: words('reportsLate', z.number()),
      })
      .nullable(),
  ),
  trips: words(
    'trips',
    z.array(
      z.strictObject({
        tripId: words('tripId', z.string()),
        hostUnitId: words('hostUnitId', z.string().nullable()),
        creditedDays: words('creditedDays', z.number()),
        quality: words('quality', z.string().nullable()),
        unplanned: words('unplanned', z.boolean()),
      }),
    ),
  ),
});

/** What `summary()` of year-end-review builds (index.ts), in the words officers read. */
export const yearEndReviewSummary = z.object({
  personId: words('personId', z.string()),
  year: words('year', z.number().int()),
  as: words('as', z.enum(reviewedAs)),
  unitId: words('unitId', z.string().nullable()),
  record: words('record', record),
  cap: words(
    'cap',
    z
      .strictObject({
        best: words('best', level()),
        reason: words('reason', z.enum(['noHostRecommendation', 'fieldVisitShortfall', 'fieldVisitOpen'])),
      })
      .nullable(),
  ),
  selfAssessment: words(
    'selfAssessment',
    z
      .strictObject({
        rating: words('rating', level()),
        summary: words('summary', z.string()),
        submittedAt: words('submittedAt', instant()),
      })
      .nullable(),
  ),
  returnedWith: words('returnedWith', z.string().nullable()),
  decision: words(
    'decision',
    z
      .strictObject({
        rating: words('rating', level()),
        reasons: words('reasons', z.string()),
        decidedBy: words('decidedBy', z.string()),
        decidedAt: words('decidedAt', instant()),
      })
      .nullable(),
  ),
});

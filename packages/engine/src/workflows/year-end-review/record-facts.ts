import type { RecordedFact } from '../../links.ts';
import type { ClassificationLevel } from '../branch-review/schema.ts';
import { classificationLevels } from '../branch-review/schema.ts';
import type { ReviewedAs, YearEndReviewPolicy } from './schema.ts';

/** A residence or host branch's comment on the member, as the transfer's link delivered it. */
export interface HostComment {
  occasion: string;
  comment: string;
  recommendTopRating: boolean;
  hostBranchId: string | null;
  recordedOn: string | null;
  sourceInstanceId: string;
}

/** The cadre's "1+2" year as the field-visit instance closed it, and the trips it credited. */
export interface FieldVisitYear {
  outcome: string;
  creditedDays: number;
  quotaDays: number | null;
  tripsReviewed: number;
  /** How many reviewed trips had each quality (a list, so each quality reads in words). */
  qualities: { quality: string; count: number }[];
  reportsLate: number;
}
export interface CreditedTrip {
  tripId: string;
  hostUnitId: string | null;
  creditedDays: number;
  quality: string | null;
  unplanned: boolean;
}

/** What the review reads from the person's record: facts of the year only. */
export interface RecordOfYear {
  hostComments: HostComment[];
  fieldVisit: FieldVisitYear | null;
  trips: CreditedTrip[];
}

/** The kinds the server reads for a review (runner/admission/year-end-review.ts). */
export const reviewRecordKinds: Record<ReviewedAs, readonly string[]> = {
  member: ['member.hostComment'],
  cadre: ['fieldVisit.year', 'fieldVisit.trip'],
};

const str = (value: unknown) => (typeof value === 'string' ? value : null);
const num = (value: unknown) => (typeof value === 'number' ? value : 0);

/**
 * The facts of `year` out of the record the server read (`facts.record`, kept in the history), so a
 * replay sees exactly what the officers saw, however the record has grown since.
 */
export function recordOfYear(facts: Record<string, unknown> | undefined, year: number): RecordOfYear {
  const record = (Array.isArray(facts?.['record']) ? facts['record'] : []) as RecordedFact[];
  const ofYear = record.filter((fact) => Number(fact.data['year']) === year);
  const closed = ofYear.find((fact) => fact.kind === 'fieldVisit.year')?.data;
  return {
    hostComments: ofYear
      .filter((fact) => fact.kind === 'member.hostComment')
      .map((fact) => ({
        occasion: str(fact.data['occasion']) ?? 'yearEnd',
        comment: str(fact.data['comment']) ?? '',
        recommendTopRating: fact.data['recommendTopRating'] === true,
        hostBranchId: str(fact.data['hostBranchId']),
        recordedOn: str(fact.data['recordedOn']),
        sourceInstanceId: fact.source.instanceId,
      })),
    fieldVisit: closed
      ? {
          outcome: str(closed['outcome']) ?? 'unknown',
          creditedDays: num(closed['creditedDays']),
          quotaDays: typeof closed['quotaDays'] === 'number' ? closed['quotaDays'] : null,
          tripsReviewed: num(closed['tripsReviewed']),
          qualities: Object.entries((closed['qualities'] ?? {}) as Record<string, number>).map(
            ([quality, count]) => ({ quality, count }),
          ),
          reportsLate: num(closed['reportsLate']),
        }
      : null,
    trips: ofYear
      .filter((fact) => fact.kind === 'fieldVisit.trip')
      .map((fact) => ({
        tripId: str(fact.data['tripId']) ?? fact.key,
        hostUnitId: str(fact.data['hostUnitId']),
        creditedDays: num(fact.data['creditedDays']),
        quality: str(fact.data['quality']),
        unplanned: fact.data['unplanned'] === true,
      })),
  };
}

/**
 * The best rating the record allows, and why: a member who took part elsewhere without the host's
 * recommendation stops at "tốt"; a cadre short of the "1+2" days (or whose year is not closed) stops
 * at the policy's cap. Null: no cap.
 */
export function ratingCap(
  as: ReviewedAs,
  record: RecordOfYear,
  policy: YearEndReviewPolicy,
): {
  best: ClassificationLevel;
  reason: 'noHostRecommendation' | 'fieldVisitShortfall' | 'fieldVisitOpen';
} | null {
  if (as === 'member') {
    const tookPartElsewhere = record.hostComments.length > 0;
    const recommended = record.hostComments.some((c) => c.recommendTopRating);
    return policy.topNeedsHostRecommendation && tookPartElsewhere && !recommended
      ? { best: 'good', reason: 'noHostRecommendation' }
      : null;
  }
  if (policy.capWithoutFieldVisitQuota === null) return null;
  if (record.fieldVisit === null) return { best: policy.capWithoutFieldVisitQuota, reason: 'fieldVisitOpen' };
  return record.fieldVisit.outcome === 'shortfall'
    ? { best: policy.capWithoutFieldVisitQuota, reason: 'fieldVisitShortfall' }
    : null;
}

/** Whether a rating is within the cap (levels are listed best first). */
export const withinCap = (rating: ClassificationLevel, cap: { best: ClassificationLevel } | null) =>
  cap === null || classificationLevels.indexOf(rating) >= classificationLevels.indexOf(cap.best);

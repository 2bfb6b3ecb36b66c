import type { BranchReviewContext } from './context.ts';
import {
  topLevel,
  type BranchReviewPolicy,
  type ClassificationLevel,
  type TopRatingQuota,
} from './schema.ts';

/** "YYYY-MM" of a date or month. */
export const monthOf = (date: string) => date.slice(0, 7);

export function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}

export function nextDate(date: string): string {
  return new Date(new Date(`${date}T00:00:00Z`).getTime() + 86_400_000).toISOString().slice(0, 10);
}

export const inReviewYear = (context: Pick<BranchReviewContext, 'year'>, dateOrMonth: string) =>
  dateOrMonth.slice(0, 4) === String(context.year);

/** Months of the review year with a branch meeting or a joint meeting logged. */
export function meetingMonths(context: BranchReviewContext): string[] {
  const months = [...context.meetings, ...context.jointMeetings]
    .map((meeting) => monthOf(meeting.heldOn))
    .filter((month) => inReviewYear(context, month));
  return [...new Set(months)].sort();
}

/** The "3 có" checklist as the evidence log shows it. */
export function threeHaves(context: BranchReviewContext) {
  const hasCadre = context.cadre !== null;
  const hasRegularMeetings = meetingMonths(context).length >= context.policy.regularMeetingMinMonths;
  const hasYouthProject = context.youthProjects.length >= context.policy.minYouthProjects;
  return {
    hasCadre,
    hasRegularMeetings,
    hasYouthProject,
    met: hasCadre && hasRegularMeetings && hasYouthProject,
  };
}

/** "2 giao": briefings held in each half of the year; "1 liên kết": months with a joint meeting. */
export function twoBriefingsOneLink(context: BranchReviewContext) {
  const halves = new Set(
    context.briefings
      .filter((briefing) => inReviewYear(context, briefing.heldOn))
      .map((briefing) => (monthOf(briefing.heldOn).slice(5) <= '06' ? 'first' : 'second')),
  );
  const jointMonths = new Set(context.jointMeetings.map((meeting) => monthOf(meeting.heldOn)));
  return {
    briefingsFirstHalf: halves.has('first'),
    briefingsSecondHalf: halves.has('second'),
    jointMeetingMonths: jointMonths.size,
  };
}

/** How many branches of a base may be rated "xuất sắc" this year under the policy. */
export function topRatingsAllowed(policy: BranchReviewPolicy, branchesInBase: number): number {
  const byShare = Math.floor(policy.topRatingMaxShare * branchesInBase + 1e-9);
  return policy.topRatingMaxCount === null ? byShare : Math.min(byShare, policy.topRatingMaxCount);
}

/** Any level but the top is free; the top needs the figures, and room left in the quota. */
export function withinTopRatingQuota(
  policy: BranchReviewPolicy,
  level: ClassificationLevel,
  quota: TopRatingQuota | undefined,
): boolean {
  if (level !== topLevel) return true;
  if (!quota) return false;
  return quota.grantedThisYear < topRatingsAllowed(policy, quota.branchesInBase);
}

/** The "3 có" checklist scored: how many of the three the log shows (v2 reports it, not a gate). */
export const threeHavesScore = (context: BranchReviewContext) => {
  const { hasCadre, hasRegularMeetings, hasYouthProject } = threeHaves(context);
  return [hasCadre, hasRegularMeetings, hasYouthProject].filter(Boolean).length;
};

/**
 * The round's figures the server counts for a v2 decision (the base's other reviews this year):
 * reviews whose level is "tốt" or better, all reviews, and those already rated "xuất sắc".
 */
export interface RoundCount {
  goodOrBetter: number;
  allBranches: number;
  topRated: number;
}

export function roundCountOf(facts: Record<string, unknown>): RoundCount | null {
  const { goodOrBetter, allBranches, topRated } = facts as Partial<RoundCount>;
  return [goodOrBetter, allBranches, topRated].every((n) => typeof n === 'number' && n >= 0)
    ? { goodOrBetter: goodOrBetter!, allBranches: allBranches!, topRated: topRated! }
    : null;
}

/** v2: a level within the quota, counting this branch into the round as the server counted it. */
export function withinCountedQuota(
  policy: BranchReviewPolicy & { topRatingBase?: 'goodOrBetter' | 'allBranches' },
  level: ClassificationLevel,
  count: RoundCount | null,
): boolean {
  if (level !== topLevel) return true;
  if (!count) return false;
  const base = policy.topRatingBase === 'allBranches' ? count.allBranches + 1 : count.goodOrBetter + 1;
  return count.topRated + 1 <= topRatingsAllowed(policy, base);
}

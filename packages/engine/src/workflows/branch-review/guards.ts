import { localDate } from '../../calendar/calendar.ts';
import type { BranchReviewContext, BranchReviewEvent } from './context.ts';
import { inReviewYear, monthOf, threeHaves, withinTopRatingQuota } from './evidence.ts';

interface Args {
  context: BranchReviewContext;
  event: BranchReviewEvent;
}

const today = (event: BranchReviewEvent) => localDate(event.meta.at);

/** The date an evidence entry is about. */
function evidenceDate(event: BranchReviewEvent): string | null {
  switch (event.type) {
    case 'LOG_MEETING':
    case 'LOG_JOINT_MEETING':
    case 'LOG_BRIEFING':
      return event.payload.heldOn;
    case 'LOG_YOUTH_PROJECT':
      return event.payload.startedOn;
    default:
      return null;
  }
}

/** Guards of the branch review, named for what they check. */
export const branchReviewGuards = {
  /** Evidence belongs to the review year and has already happened. */
  evidenceDatedInReviewYear: ({ context, event }: Args) => {
    const date = evidenceDate(event);
    return date !== null && inReviewYear(context, date) && date <= today(event);
  },
  /** The meeting falls in the month the month-end reminder is watching. */
  meetingInWatchedMonth: ({ context, event }: Args) => {
    const date = evidenceDate(event);
    return date !== null && monthOf(date) === context.reminderMonth;
  },
  cadreNotDatedInFuture: ({ event }: Args) =>
    event.type === 'RECORD_CADRE' && event.payload.since <= today(event),
  threeHavesEvidenced: ({ context }: Args) => threeHaves(context).met,
  /** A branch short of "3 có" may still hand in a self-assessment that owns up to it. */
  selfRatedNotCompleted: ({ context }: Args) => context.draft?.proposedLevel === 'notCompleted',
  /** The standing committee's meeting took place after the submission and not in the future. */
  meetingRecordDatedSinceSubmission: ({ context, event }: Args) =>
    (event.type === 'PROPOSE_LEVEL' || event.type === 'DECIDE_LEVEL') &&
    context.submittedAt !== null &&
    event.payload.meetingDate >= localDate(context.submittedAt) &&
    event.payload.meetingDate <= today(event),
  proposalWithinQuota: ({ context, event }: Args) =>
    event.type === 'APPROVE' &&
    context.baseProposal !== null &&
    withinTopRatingQuota(context.policy, context.baseProposal.level, event.payload.topRatingQuota),
  changesProposedLevel: ({ context, event }: Args) =>
    event.type === 'ADJUST_LEVEL' && event.payload.level !== context.baseProposal?.level,
  changesPublishedLevel: ({ context, event }: Args) =>
    event.type === 'AMEND_RESULT' && event.payload.level !== context.result?.level,
  levelWithinQuota: ({ context, event }: Args) =>
    (event.type === 'ADJUST_LEVEL' || event.type === 'AMEND_RESULT') &&
    withinTopRatingQuota(context.policy, event.payload.level, event.payload.topRatingQuota),
  appealsLeft: ({ context }: Args) => context.appeals.length < context.policy.maxAppeals,
};

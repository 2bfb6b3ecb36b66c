import { addDays, startOfLocalDate } from '../../calendar/calendar.ts';
import type { TimerRequest } from '../../effects.ts';
import type { BranchReviewContext } from './context.ts';
import { inReviewYear, nextDate, nextMonth } from './evidence.ts';

/**
 * The timers of the branch review. Instants are UTC; 01:00Z is 08:00 in Vietnam (UTC+7, no daylight
 * saving), when an office day starts.
 */
export const timerNames = {
  monthEnd: 'monthEndReminder',
  submissionReminder: (daysBefore: number) => `submissionReminder${daysBefore}`,
  submissionOverdue: 'submissionOverdue',
  baseReview: 'baseReviewTime',
  upperReview: 'upperReviewTime',
  appealWindow: 'appealWindow',
  appealDecision: 'appealDecisionTime',
} as const;

/**
 * Fires at 08:00 on the last working day of the watched month: counted back one working day from
 * the first of the next month, so weekends and holidays (30/4) move it earlier.
 */
export function monthEndReminder(month: string): TimerRequest {
  return {
    name: timerNames.monthEnd,
    kind: 'reminder',
    due: { workingDays: -1, from: `${nextMonth(month)}-01T01:00:00.000Z` },
    event: { type: 'MONTH_END_CHECK' },
  };
}

/** Reminders are only for months of the review year. */
export const watchesReviewYear = (context: BranchReviewContext) =>
  inReviewYear(context, context.reminderMonth);

export const deadlineDate = (context: BranchReviewContext) =>
  `${context.year}-${context.policy.submissionDeadline}`;

/** The deadline day counts in full: overdue from 00:00 the next day. */
export const overdueAt = (context: BranchReviewContext) => startOfLocalDate(nextDate(deadlineDate(context)));

/**
 * Reminders before the deadline that are still ahead, and the overdue timer: at the deadline, or —
 * for a draft returned (or a review opened) after it — a few working days from now. Once escalated
 * the base secretary already holds the pen: no second escalation.
 */
export function submissionTimers(context: BranchReviewContext, now: string): TimerRequest[] {
  const requests: TimerRequest[] = [];
  for (const daysBefore of context.policy.submissionReminderDaysBefore) {
    const at = addDays(`${deadlineDate(context)}T01:00:00.000Z`, -daysBefore);
    if (at <= now) continue;
    requests.push({
      name: timerNames.submissionReminder(daysBefore),
      kind: 'reminder',
      due: { at },
      event: { type: 'SUBMISSION_REMINDER', payload: { daysBefore } },
    });
  }
  if (!context.escalated) {
    const deadline = overdueAt(context);
    requests.push({
      name: timerNames.submissionOverdue,
      kind: 'escalation',
      due: deadline > now ? { at: deadline } : { workingDays: context.policy.resubmissionWorkingDays },
      event: { type: 'SUBMISSION_OVERDUE' },
    });
  }
  return requests;
}

export const submissionTimerNames = (context: BranchReviewContext) => [
  timerNames.monthEnd,
  ...context.policy.submissionReminderDaysBefore.map(timerNames.submissionReminder),
  timerNames.submissionOverdue,
];

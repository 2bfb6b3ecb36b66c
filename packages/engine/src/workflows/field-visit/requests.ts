import type { NotifyRequest, TimerRequest } from '../../effects.ts';
import type { FieldVisitContext } from './context.ts';
import { endOfLocalDay, quarterStart, yearEnd } from './dates.ts';

/**
 * The timers and notices the chart asks for, as `params` of its `scheduleTimer` / `notify` actions.
 * Due times derive from the year, the quarter and the trip's dates, never from when an event
 * happened, so re-entering a state (a plan or report returned) keeps the original deadline.
 */
type Params<T> = (args: { context: FieldVisitContext }) => T;

export const yearEndTimer: Params<TimerRequest> = ({ context }) => ({
  name: 'yearEnd',
  kind: 'expiry',
  due: { at: yearEnd(context.year) },
  event: { type: 'YEAR_ENDED' },
});

export const quarterStartTimer: Params<TimerRequest> = ({ context }) => ({
  name: 'quarterStart',
  kind: 'reminder',
  due: { at: quarterStart(context.year, context.quarter) },
  event: { type: 'QUARTER_OPENED' },
});

/** "Đăng ký nội dung đi cơ sở vào đầu quý": counted in days from the quarter's first day. */
export const planReminderTimer: Params<TimerRequest> = ({ context }) => ({
  name: 'planReminder',
  kind: 'reminder',
  due: { days: context.policy.planReminderDay, from: quarterStart(context.year, context.quarter) },
  event: { type: 'PLAN_REMINDER' },
});

export const planEscalationTimer: Params<TimerRequest> = ({ context }) => ({
  name: 'planEscalation',
  kind: 'escalation',
  due: { days: context.policy.planEscalationDay, from: quarterStart(context.year, context.quarter) },
  event: { type: 'PLAN_OVERDUE' },
});

/** The report is due by the end of the n-th (working) day after the last day on site. */
export const reportDueTimer: Params<TimerRequest> = ({ context }) => {
  const { reportDueDays, reportDueCounting } = context.policy;
  const from = endOfLocalDay(context.trips[context.activeTripId!]!.lastDay!);
  return {
    name: 'reportDue',
    kind: 'deadline',
    due:
      reportDueCounting === 'workingDays'
        ? { workingDays: reportDueDays, from }
        : { days: reportDueDays, from },
    event: { type: 'REPORT_OVERDUE' },
  };
};

const toCadre = { subject: true } as const;
const toHeadOfDepartment = { role: 'departmentHead', of: 'cadreUnit' };
const trip = (context: FieldVisitContext) => ({ tripId: context.activeTripId });

export const notices = {
  planningOpen: ({ context }) => ({
    message: 'fieldVisit.planningOpen',
    to: toCadre,
    data: { year: context.year, quarter: context.quarter },
  }),
  planReminder: ({ context }) => ({
    message: 'fieldVisit.planReminder',
    to: toCadre,
    data: { quarter: context.quarter },
  }),
  planOverdue: ({ context }) => ({
    message: 'fieldVisit.planOverdue',
    to: toHeadOfDepartment,
    data: { cadreId: context.cadreId, quarter: context.quarter },
  }),
  confirmVisit: ({ context }) => ({
    message: 'fieldVisit.confirmVisit',
    to: { role: 'host', of: 'hostUnit' },
    data: { ...trip(context), cadreId: context.cadreId },
  }),
  hostDeclined: ({ context }) => ({
    message: 'fieldVisit.hostDeclined',
    to: toCadre,
    data: trip(context),
  }),
  reportOverdueToCadre: ({ context }) => ({
    message: 'fieldVisit.reportOverdue',
    to: toCadre,
    data: trip(context),
  }),
  reportOverdueToHead: ({ context }) => ({
    message: 'fieldVisit.reportOverdue',
    to: toHeadOfDepartment,
    data: { ...trip(context), cadreId: context.cadreId },
  }),
  revisedReportDue: ({ context }) => ({
    message: 'fieldVisit.revisedReportDue',
    to: toCadre,
    data: trip(context),
  }),
} satisfies Record<string, Params<NotifyRequest>>;

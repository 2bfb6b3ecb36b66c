import { localDate } from '../../calendar/calendar.ts';
import { activeTrip, currentQuarter, daysAtGrassroots, type Args } from './context.ts';
import { quarterFirstDay, quarterLastDay, shiftDate, wholeMonthsBetween } from './dates.ts';

const today = ({ event }: Args) => localDate(event.meta.at);

/** Days credited once this event is applied: a report accepted now adds its trip's days. */
const creditAfter = (args: Args) =>
  args.context.creditedDays +
  (args.event.type === 'ACCEPT_REPORT' ? daysAtGrassroots(activeTrip(args.context)!) : 0);

const latest = (dates: readonly string[]) => dates.reduce((a, b) => (a > b ? a : b), '');

export const fieldVisitGuards = {
  /** Every visit lies in the quarter being planned and has not already begun. */
  planFitsQuarter: (args: Args) => {
    if (args.event.type !== 'SUBMIT_PLAN') return false;
    const { year, quarter } = args.context;
    const first = quarterFirstDay(year, quarter);
    const last = quarterLastDay(year, quarter);
    const now = today(args);
    return args.event.payload.items.every(
      (item) => item.from >= first && item.from >= now && item.to <= last,
    );
  },
  /** The travel order is dated between the plan's submission and today. */
  travelOrderDatedSincePlan: (args: Args) => {
    if (args.event.type !== 'ISSUE_TRAVEL_ORDER') return false;
    const submitted = currentQuarter(args.context).planSubmittedAt;
    const { issuedOn } = args.event.payload;
    return issuedOn <= today(args) && submitted !== null && issuedOn >= localDate(submitted);
  },
  /** "Đi trước": after the travel order, not later than the activity's first day, not in the future. */
  preparationBetweenOrderAndActivity: (args: Args) => {
    if (args.event.type !== 'LOG_PREPARATION') return false;
    const trip = activeTrip(args.context)!;
    const order = currentQuarter(args.context).travelOrder;
    const { visitedOn } = args.event.payload;
    return visitedOn <= today(args) && visitedOn <= trip.from && visitedOn >= (order?.issuedOn ?? '');
  },
  arrivalAfterPreparation: (args: Args) => {
    if (args.event.type !== 'START_VISIT') return false;
    const visits = activeTrip(args.context)!.preparationVisits.map((visit) => visit.on);
    const { arrivedOn } = args.event.payload;
    return arrivedOn >= latest(visits) && arrivedOn <= today(args);
  },
  lastDayAfterArrival: (args: Args) => {
    if (args.event.type !== 'END_VISIT') return false;
    const { lastDay } = args.event.payload;
    return lastDay >= activeTrip(args.context)!.arrivedOn! && lastDay <= today(args);
  },
  /** "Về sau": the evaluation with the host comes after the activity. */
  evaluationAfterActivity: (args: Args) => {
    if (args.event.type !== 'SUBMIT_REPORT') return false;
    const { evaluatedWithHostOn } = args.event.payload;
    return evaluatedWithHostOn >= activeTrip(args.context)!.lastDay! && evaluatedWithHostOn <= today(args);
  },
  reportNeverSubmitted: ({ context }: Args) => activeTrip(context)?.report === null,
  anotherTripThisQuarter: ({ context }: Args) => {
    const ids = currentQuarter(context).tripIds;
    return ids.indexOf(context.activeTripId!) < ids.length - 1;
  },
  anotherQuarterThisYear: ({ context }: Args) => context.quarter < 4,
  quotaMet: ({ context }: Args) => context.creditedDays >= context.policy.yearlyQuotaDays,
  quotaMetAfterTrip: (args: Args) => creditAfter(args) >= args.context.policy.yearlyQuotaDays,
  noExemptionPending: ({ context }: Args) => context.exemptionRequest === null,
  /** The leave falls in the year; study leave only counts when long enough. */
  exemptionPeriodQualifies: ({ context }: Args) => {
    const request = context.exemptionRequest;
    if (!request) return false;
    const inYear = request.from <= `${context.year}-12-31` && request.to >= `${context.year}-01-01`;
    const months = wholeMonthsBetween(request.from, shiftDate(request.to, 1));
    return inYear && (request.ground !== 'study' || months >= context.policy.studyExemptionMinMonths);
  },
};

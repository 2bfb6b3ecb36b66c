import { assign } from 'xstate';
import {
  activeTrip,
  currentQuarter,
  daysAtGrassroots,
  emptyQuarter,
  withQuarter,
  withTrip,
  type Args,
  type FieldVisitContext,
  type FieldVisitEvent,
  type Trip,
} from './context.ts';
import type { Quarter } from './dates.ts';

/** Context updates, one per thing that happens; effects (timers, notices) stay in the chart. */
const update = (fn: (args: Args) => Partial<FieldVisitContext>) =>
  assign<FieldVisitContext, FieldVisitEvent, undefined, FieldVisitEvent, never>((args) => fn(args));

const patchActiveTrip = (context: FieldVisitContext, patch: Partial<Trip>) => ({
  trips: withTrip(context, context.activeTripId!, patch),
});

export const fieldVisitActions = {
  recordPlan: update(({ context, event }) =>
    event.type === 'SUBMIT_PLAN'
      ? { quarters: withQuarter(context, { plan: event.payload.items, planSubmittedAt: event.meta.at }) }
      : {},
  ),
  markPlanLate: update(({ context }) => ({ quarters: withQuarter(context, { planLate: true }) })),
  recordPlanReturn: update(({ context, event }) =>
    event.type === 'RETURN_PLAN'
      ? {
          quarters: withQuarter(context, {
            planReturns: currentQuarter(context).planReturns + 1,
            lastReturnComment: event.payload.comment,
          }),
        }
      : {},
  ),
  recordPlanApproval: update(({ context, event }) => ({
    quarters: withQuarter(context, {
      approvedBy: { personId: event.meta.actor.personId, acting: event.meta.actor.acting },
    }),
  })),
  /** The travel order turns the approved plan into trips, in the order they take place. */
  issueTravelOrder: update(({ context, event }) => {
    if (event.type !== 'ISSUE_TRAVEL_ORDER') return {};
    const plan = [...currentQuarter(context).plan].sort((a, b) => (a.from < b.from ? -1 : 1));
    const trips = { ...context.trips };
    const tripIds = plan.map((item, index) => {
      const id = `Q${context.quarter}-${index + 1}`;
      trips[id] = {
        id,
        quarter: context.quarter,
        ...item,
        status: index === 0 ? 'active' : 'planned',
        hostConfirmedBy: null,
        preparationVisits: [],
        arrivedOn: null,
        lastDay: null,
        report: null,
        reportLate: false,
        returnComment: null,
        quality: null,
        creditedDays: 0,
        closingReason: null,
      };
      return id;
    });
    const travelOrder = {
      number: event.payload.orderNumber,
      issuedOn: event.payload.issuedOn,
      signedBy: event.meta.actor.personId,
      acting: event.meta.actor.acting,
    };
    return { trips, activeTripId: tripIds[0]!, quarters: withQuarter(context, { travelOrder, tripIds }) };
  }),
  recordHostConfirmation: update(({ context, event }) =>
    patchActiveTrip(context, { hostConfirmedBy: event.meta.actor.personId }),
  ),
  recordPreparation: update(({ context, event }) =>
    event.type === 'LOG_PREPARATION'
      ? patchActiveTrip(context, {
          preparationVisits: [
            ...activeTrip(context)!.preparationVisits,
            { on: event.payload.visitedOn, notes: event.payload.notes },
          ],
        })
      : {},
  ),
  recordArrival: update(({ context, event }) =>
    event.type === 'START_VISIT' ? patchActiveTrip(context, { arrivedOn: event.payload.arrivedOn }) : {},
  ),
  recordLastDay: update(({ context, event }) =>
    event.type === 'END_VISIT' ? patchActiveTrip(context, { lastDay: event.payload.lastDay }) : {},
  ),
  recordReport: update(({ context, event }) =>
    event.type === 'SUBMIT_REPORT'
      ? patchActiveTrip(context, {
          report: {
            evaluatedWithHostOn: event.payload.evaluatedWithHostOn,
            results: event.payload.results,
            lessons: event.payload.lessons,
            findingsForPartyCommittee: event.payload.findingsForPartyCommittee ?? null,
            submittedAt: event.meta.at,
          },
        })
      : {},
  ),
  markReportLate: update(({ context }) => patchActiveTrip(context, { reportLate: true })),
  recordReportReturn: update(({ context, event }) =>
    event.type === 'RETURN_REPORT' ? patchActiveTrip(context, { returnComment: event.payload.comment }) : {},
  ),
  /** The head accepted the report: the trip's days count toward the year. */
  creditTrip: update(({ context, event }) => {
    if (event.type !== 'ACCEPT_REPORT') return {};
    const days = daysAtGrassroots(activeTrip(context)!);
    return {
      trips: withTrip(context, context.activeTripId!, {
        status: 'reviewed',
        quality: event.payload.quality,
        creditedDays: days,
      }),
      quarters: withQuarter(context, { creditedDays: currentQuarter(context).creditedDays + days }),
      creditedDays: context.creditedDays + days,
    };
  }),
  closeUndoneTrip: update(({ context, event }) =>
    event.type === 'HOST_DECLINE' || event.type === 'CANCEL_TRIP'
      ? patchActiveTrip(context, {
          status: event.type === 'HOST_DECLINE' ? 'declined' : 'cancelled',
          closingReason: event.payload.reason,
        })
      : {},
  ),
  activateNextTrip: update(({ context }) => {
    const ids = currentQuarter(context).tripIds;
    const next = ids[ids.indexOf(context.activeTripId!) + 1]!;
    return { activeTripId: next, trips: withTrip(context, next, { status: 'active' }) };
  }),
  advanceQuarter: update(({ context }) => {
    const quarter = (context.quarter + 1) as Quarter;
    return {
      quarter,
      activeTripId: null,
      quarters: { ...context.quarters, [quarter]: emptyQuarter(quarter) },
    };
  }),
  /** At the year's end (or an exemption) trips not yet reviewed are marked unfinished. */
  closeOpenTrips: update(({ context }) => ({
    activeTripId: null,
    trips: Object.fromEntries(
      Object.entries(context.trips).map(([id, trip]) => [
        id,
        trip.status === 'active' || trip.status === 'planned' ? { ...trip, status: 'unfinished' } : trip,
      ]),
    ),
  })),
  recordExemptionRequest: update(({ event }) =>
    event.type === 'REQUEST_EXEMPTION'
      ? { exemptionRequest: { ...event.payload, requestedAt: event.meta.at } }
      : {},
  ),
  recordExemption: update(({ context, event }) =>
    event.type === 'GRANT_EXEMPTION' && context.exemptionRequest
      ? {
          exemption: {
            ...context.exemptionRequest,
            decisionNumber: event.payload.decisionNumber,
            decidedBy: event.meta.actor.personId,
          },
          exemptionRequest: null,
        }
      : {},
  ),
  recordExemptionRefusal: update(({ event }) =>
    event.type === 'REFUSE_EXEMPTION'
      ? { exemptionRequest: null, lastExemptionRefusal: event.payload.reason }
      : {},
  ),
};

import { assign } from 'xstate';
import { localDate } from '../../../calendar/calendar.ts';
import type { WorkflowEvent } from '../../../workflow-event.ts';
import { activeTrip, currentQuarter, withTrip, type FieldVisitContext, type Trip } from '../context.ts';
import { datesBetween } from '../dates.ts';
import type { FieldVisitPayloadV2, FieldVisitPolicyV2 } from './schema.ts';

/** v2's additions to the year's record. */
export interface FieldVisitContextV2 extends Omit<FieldVisitContext, 'policy'> {
  policy: FieldVisitPolicyV2;
}

type V2Only =
  | 'CHOOSE_NEXT_TRIP'
  | 'REGISTER_UNPLANNED_TRIP'
  | 'APPROVE_UNPLANNED_TRIP'
  | 'REFUSE_UNPLANNED_TRIP';
export type FieldVisitEventV2Only = { [K in V2Only]: WorkflowEvent<K, FieldVisitPayloadV2<K>> }[V2Only];

interface ArgsV2 {
  context: FieldVisitContextV2;
  event: { type: string; payload: any; meta: { at: string; actor: { personId: string | null } } };
}

const today = ({ event }: ArgsV2) => localDate(event.meta.at);
const update = (fn: (args: ArgsV2) => Partial<FieldVisitContextV2>) =>
  assign((args: ArgsV2) => fn(args) as never);
const asV1 = (context: FieldVisitContextV2) => context as unknown as FieldVisitContext;

/** The facts the cadre's year-end review reads: sent to the cadre's record (links.ts). */
export const creditLink = (context: FieldVisitContextV2, trip: Trip) => ({
  kind: 'fieldVisit.trip',
  key: `${context.year}:${trip.id}`,
  to: { personId: context.cadreId },
  data: {
    year: context.year,
    tripId: trip.id,
    hostUnitId: trip.hostUnitId,
    content: trip.content,
    unplanned: trip.unplanned === true,
    creditedDays: trip.creditedDays,
    quality: trip.quality,
    reportLate: trip.reportLate,
  },
});

export const yearResultLink = (
  context: FieldVisitContextV2,
  outcome: 'compliant' | 'shortfall' | 'exempted',
) => {
  const reviewed = Object.values(context.trips).filter((trip) => trip.status === 'reviewed');
  const qualities: Record<string, number> = {};
  for (const trip of reviewed) if (trip.quality) qualities[trip.quality] = (qualities[trip.quality] ?? 0) + 1;
  return {
    kind: 'fieldVisit.year',
    key: String(context.year),
    to: { personId: context.cadreId },
    data: {
      year: context.year,
      outcome,
      creditedDays: context.creditedDays,
      quotaDays: context.policy.yearlyQuotaDays,
      tripsReviewed: reviewed.length,
      qualities,
      reportsLate: reviewed.filter((trip) => trip.reportLate).length,
    },
  };
};

export const fieldVisitGuardsV2 = {
  /** Another planned trip of this quarter, not yet begun (any order). */
  choosesPlannedTrip: ({ context, event }: ArgsV2) =>
    event.type === 'CHOOSE_NEXT_TRIP' &&
    currentQuarter(asV1(context)).tripIds.includes(event.payload.tripId) &&
    context.trips[event.payload.tripId]?.status === 'planned',
  /** "Đi trước" is owed only for contents that accompany an activity of the base (policy). */
  preparationNotRequired: ({ context }: ArgsV2) =>
    !context.policy.preparationRequiredFor.includes(activeTrip(asV1(context))!.content),
  /** Arrival on or after the travel order (no "đi trước" owed). */
  arrivalWithoutPreparation: ({ context, event }: ArgsV2) =>
    event.type === 'START_VISIT' &&
    event.payload.arrivedOn <= today({ context, event }) &&
    event.payload.arrivedOn >= (currentQuarter(asV1(context)).travelOrder?.issuedOn ?? ''),
  /** An unplanned trip is registered after it took place, within the year. */
  unplannedTripDone: ({ context, event }: ArgsV2) =>
    event.type === 'REGISTER_UNPLANNED_TRIP' &&
    event.payload.to <= today({ context, event }) &&
    event.payload.from.startsWith(String(context.year)),
  unplannedTripPending: ({ context, event }: ArgsV2) =>
    (event.type === 'APPROVE_UNPLANNED_TRIP' || event.type === 'REFUSE_UNPLANNED_TRIP') &&
    context.trips[event.payload.tripId]?.status === 'pendingApproval',
};

export const fieldVisitActionsV2 = {
  /** The travel order keeps its printed signature ("TM. BAN THƯỜNG VỤ / PHÓ BÍ THƯ"). */
  signTravelOrder: update(({ context, event }) => {
    const quarter = currentQuarter(asV1(context));
    if (event.type !== 'ISSUE_TRAVEL_ORDER' || !quarter.travelOrder) return {};
    const signature = (event.meta.actor as { signature?: unknown }).signature ?? null;
    return {
      quarters: {
        ...context.quarters,
        [context.quarter]: { ...quarter, travelOrder: { ...quarter.travelOrder, signature } },
      },
    };
  }),
  /** The chosen trip takes the active one's place; the active one waits its turn. */
  chooseTrip: update(({ context, event }) => {
    if (event.type !== 'CHOOSE_NEXT_TRIP') return {};
    const quarter = currentQuarter(asV1(context));
    const current = context.activeTripId!;
    const chosen = event.payload.tripId as string;
    const tripIds = quarter.tripIds.map((id) => (id === current ? chosen : id === chosen ? current : id));
    const trips = withTrip(asV1(context), current, { status: 'planned' });
    trips[chosen] = { ...trips[chosen]!, status: 'active' };
    return {
      activeTripId: chosen,
      trips,
      quarters: { ...context.quarters, [context.quarter]: { ...quarter, tripIds } },
    };
  }),
  recordUnplannedTrip: update(({ context, event }) => {
    if (event.type !== 'REGISTER_UNPLANNED_TRIP') return {};
    const { results, ...item } = event.payload;
    const id = `U-${Object.values(context.trips).filter((trip) => trip.unplanned).length + 1}`;
    const trip: Trip = {
      id,
      quarter: context.quarter,
      ...item,
      status: 'pendingApproval',
      unplanned: true,
      hostConfirmedBy: null,
      preparationVisits: [],
      arrivedOn: item.from,
      lastDay: item.to,
      report: {
        evaluatedWithHostOn: item.to,
        results,
        lessons: results,
        findingsForPartyCommittee: null,
        submittedAt: event.meta.at,
      },
      reportLate: false,
      returnComment: null,
      quality: null,
      creditedDays: 0,
      closingReason: null,
    };
    return { trips: { ...context.trips, [id]: trip } };
  }),
  approveUnplannedTrip: update(({ context, event }) => {
    if (event.type !== 'APPROVE_UNPLANNED_TRIP') return {};
    const trip = context.trips[event.payload.tripId]!;
    const days = datesBetween(trip.from, trip.to).length;
    return {
      trips: withTrip(asV1(context), trip.id, {
        status: 'reviewed',
        quality: event.payload.quality,
        creditedDays: days,
      }),
      creditedDays: context.creditedDays + days,
    };
  }),
  refuseUnplannedTrip: update(({ context, event }) =>
    event.type === 'REFUSE_UNPLANNED_TRIP'
      ? {
          trips: withTrip(asV1(context), event.payload.tripId, {
            status: 'refused',
            closingReason: event.payload.reason,
          }),
        }
      : {},
  ),
};

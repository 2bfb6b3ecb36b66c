import { localDate, type Instant, type LocalDate } from '../../calendar/calendar.ts';
import type { MachineInput } from '../../runtime.ts';
import type { WorkflowEvent } from '../../workflow-event.ts';
import { datesBetween, quarterOf, type Quarter } from './dates.ts';
import type {
  ExemptionGround,
  FieldVisitInput,
  FieldVisitPolicy,
  PlanItem,
  VisitContent,
  VisitQuality,
  fieldVisitEvents,
  FieldVisitPayload,
} from './schema.ts';

export type FieldVisitEvent = {
  [K in keyof typeof fieldVisitEvents]: WorkflowEvent<K, FieldVisitPayload<K>>;
}[keyof typeof fieldVisitEvents];

/** What guards and actions receive. */
export interface Args {
  context: FieldVisitContext;
  event: FieldVisitEvent;
}

/**
 * A trip's record. The chart holds the phase of the active trip (scheduled … reportReview); the
 * record keeps what happened, so past trips stay readable after the chart has moved on.
 */
export interface Trip {
  id: string;
  quarter: Quarter;
  hostUnitId: string;
  from: LocalDate;
  to: LocalDate;
  content: VisitContent;
  purpose: string;
  /** v2 adds 'pendingApproval' and 'refused' for unplanned trips registered after the fact. */
  status:
    | 'planned'
    | 'active'
    | 'reviewed'
    | 'declined'
    | 'cancelled'
    | 'unfinished'
    | 'pendingApproval'
    | 'refused';
  /** v2: "đi công tác đột xuất", registered after it took place. */
  unplanned?: boolean;
  hostConfirmedBy: string | null;
  preparationVisits: { on: LocalDate; notes: string }[];
  arrivedOn: LocalDate | null;
  lastDay: LocalDate | null;
  report: {
    evaluatedWithHostOn: LocalDate;
    results: string;
    lessons: string;
    findingsForPartyCommittee: string | null;
    submittedAt: Instant;
  } | null;
  /** The report was not in by its deadline (shown in the cadre's review). */
  reportLate: boolean;
  returnComment: string | null;
  quality: VisitQuality | null;
  creditedDays: number;
  /** Why the trip did not take place (declined by the host, cancelled by the cadre). */
  closingReason: string | null;
}

export interface QuarterRecord {
  quarter: Quarter;
  plan: PlanItem[];
  planSubmittedAt: Instant | null;
  /** No plan by the escalation day. */
  planLate: boolean;
  planReturns: number;
  lastReturnComment: string | null;
  approvedBy: { personId: string | null; acting: string } | null;
  travelOrder: { number: string; issuedOn: LocalDate; signedBy: string | null; acting: string } | null;
  /** Trip ids in the order they take place. */
  tripIds: string[];
  creditedDays: number;
}

export interface ExemptionRequest {
  ground: ExemptionGround;
  from: LocalDate;
  to: LocalDate;
  details: string;
  requestedAt: Instant;
}

export interface FieldVisitContext {
  instanceId: string;
  policy: FieldVisitPolicy;
  cadreId: string;
  unitId: string;
  year: number;
  /** The quarter being planned or carried out. */
  quarter: Quarter;
  quarters: Record<string, QuarterRecord>;
  /** Every trip of the year, keyed by id ("Q2-1"). */
  trips: Record<string, Trip>;
  activeTripId: string | null;
  creditedDays: number;
  exemptionRequest: ExemptionRequest | null;
  exemption: (ExemptionRequest & { decisionNumber: string; decidedBy: string | null }) | null;
  lastExemptionRefusal: string | null;
}

export const emptyQuarter = (quarter: Quarter): QuarterRecord => ({
  quarter,
  plan: [],
  planSubmittedAt: null,
  planLate: false,
  planReturns: 0,
  lastReturnComment: null,
  approvedBy: null,
  travelOrder: null,
  tripIds: [],
  creditedDays: 0,
});

/**
 * The first quarter to plan: the one the instance starts in, or Q1 when it is opened ahead of the
 * year (a head of department assigning next year's cadres in December).
 */
export function initialContext({
  input,
}: {
  input: MachineInput<FieldVisitInput, FieldVisitPolicy>;
}): FieldVisitContext {
  const startedOn = localDate(input.startedAt);
  const startYear = Number(startedOn.slice(0, 4));
  const quarter: Quarter =
    startYear < input.data.year ? 1 : startYear > input.data.year ? 4 : quarterOf(startedOn);
  return {
    instanceId: input.instanceId,
    policy: input.policy,
    cadreId: input.data.cadreId,
    unitId: input.data.unitId,
    year: input.data.year,
    quarter,
    quarters: { [quarter]: emptyQuarter(quarter) },
    trips: {},
    activeTripId: null,
    creditedDays: 0,
    exemptionRequest: null,
    exemption: null,
    lastExemptionRefusal: null,
  };
}

export const activeTrip = (context: FieldVisitContext): Trip | null =>
  context.activeTripId ? (context.trips[context.activeTripId] ?? null) : null;

export const currentQuarter = (context: FieldVisitContext): QuarterRecord =>
  context.quarters[context.quarter] ?? emptyQuarter(context.quarter);

/** Days at the grassroots: the "đi trước" visits and the days on site, each date counted once. */
export function daysAtGrassroots(trip: Trip): number {
  const days = new Set(trip.preparationVisits.map((visit) => visit.on));
  if (trip.arrivedOn && trip.lastDay) {
    for (const date of datesBetween(trip.arrivedOn, trip.lastDay)) days.add(date);
  }
  return days.size;
}

export const withTrip = (context: FieldVisitContext, id: string, patch: Partial<Trip>) => ({
  ...context.trips,
  [id]: { ...context.trips[id]!, ...patch },
});

export const withQuarter = (context: FieldVisitContext, patch: Partial<QuarterRecord>) => ({
  ...context.quarters,
  [context.quarter]: { ...currentQuarter(context), ...patch },
});

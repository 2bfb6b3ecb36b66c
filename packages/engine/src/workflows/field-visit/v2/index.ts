import {
  defineWorkflow,
  toneOf,
  type AnyWorkflowDefinition,
  type EventSpec,
} from '../../../define-workflow.ts';
import { activeTrip, currentQuarter } from '../context.ts';
import { fieldVisitDocuments } from '../documents.ts';
import { fieldVisitIssues } from '../issued-document.ts';
import { fieldVisit } from '../index.ts';
import {
  fieldVisitDescription,
  fieldVisitEventLabelsV2,
  fieldVisitStateLabels,
  fieldVisitTitle,
} from '../labels.ts';
import { fieldVisitStart } from '../permissions.ts';
import { fieldVisitInput } from '../schema.ts';
import { fieldVisitSummaryLabelsV2 } from '../summary-labels.ts';
import { fieldVisitMachineV2 } from './machine.ts';
import { fieldVisitPermissionsV2 } from './permissions.ts';
import { fieldVisitEventsV2, fieldVisitPolicyV2 } from './schema.ts';
import { fieldVisitNotices } from '../notices.ts';

const v1 = fieldVisit as unknown as AnyWorkflowDefinition;
const added: Record<string, Omit<EventSpec, 'payload' | 'label'>> = {
  CHOOSE_NEXT_TRIP: { tone: 'neutral', optional: true },
  REGISTER_UNPLANNED_TRIP: { tone: 'positive', optional: true },
  APPROVE_UNPLANNED_TRIP: { decision: true, tone: 'positive' },
  REFUSE_UNPLANNED_TRIP: { decision: true, irreversible: true, tone: 'destructive' },
};

const events: Record<string, EventSpec> = Object.fromEntries(
  Object.entries(fieldVisitEventsV2).map(([type, payload]) => [
    type,
    {
      ...(v1.events[type] ?? { tone: toneOf(type, new Set(), new Set()) }),
      ...added[type],
      payload,
      label: fieldVisitEventLabelsV2[type]!,
    },
  ]),
);

/**
 * Field visits "1+2", v2 (issue 11). Instances started on v1 keep v1's rules.
 */
export const fieldVisitV2 = defineWorkflow({
  id: 'field-visit',
  version: 2,
  title: fieldVisitTitle,
  notices: fieldVisitNotices,
  description: fieldVisitDescription,
  machine: fieldVisitMachineV2,
  input: fieldVisitInput,
  policy: fieldVisitPolicyV2,
  events,
  states: fieldVisitStateLabels,
  permissions: fieldVisitPermissionsV2,
  start: fieldVisitStart as never,
  units: (context) => ({
    cadreUnit: context.unitId,
    hostUnit: activeTrip(context as never)?.hostUnitId ?? null,
  }),
  subject: (context) => ({ personId: context.cadreId, unit: 'cadreUnit' }),
  conflictOfInterest: { ownUnit: false },
  documents: fieldVisitDocuments as never,
  // The travel order printed as an official document, as in v1.
  issues: fieldVisitIssues as never,
  summary: (context) => ({
    ...v1.summary!(context),
    travelOrder: currentQuarter(context as never).travelOrder,
    unplannedTrips: Object.values(context.trips).filter((trip) => trip.unplanned),
    creditedTrips: Object.values(context.trips)
      .filter((trip) => trip.status === 'reviewed')
      .map((trip) => ({ id: trip.id, creditedDays: trip.creditedDays, quality: trip.quality })),
  }),
  summaryLabels: fieldVisitSummaryLabelsV2,
});

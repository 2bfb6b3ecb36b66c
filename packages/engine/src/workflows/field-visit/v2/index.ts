import { defineWorkflow, type AnyWorkflowDefinition } from '../../../define-workflow.ts';
import { eventTable } from '../../../event-table.ts';
import { activeTrip, currentQuarter } from '../context.ts';
import { fieldVisitDocuments } from '../documents.ts';
import { fieldVisitIssues } from '../issued-document.ts';
import { fieldVisit, fieldVisitTraits } from '../index.ts';
import {
  fieldVisitDescription,
  fieldVisitEventLabelsV2,
  fieldVisitStateLabels,
  fieldVisitTitle,
} from '../labels.ts';
import { fieldVisitStart } from '../permissions.ts';
import { fieldVisitInput } from '../schema.ts';
import { fieldVisitSummaryLabelsV2 } from '../summary-labels.ts';
import { fieldVisitSummaryV2 } from '../summary-schema.ts';
import { fieldVisitMachineV2 } from './machine.ts';
import { fieldVisitPermissionsV2 } from './permissions.ts';
import { fieldVisitEventsV2, fieldVisitPolicyV2 } from './schema.ts';
import { fieldVisitNotices } from '../notices.ts';

const v1 = fieldVisit as unknown as AnyWorkflowDefinition;
const events = eventTable(fieldVisitEventsV2, fieldVisitEventLabelsV2, {
  ...fieldVisitTraits,
  decisions: [...fieldVisitTraits.decisions, 'APPROVE_UNPLANNED_TRIP', 'REFUSE_UNPLANNED_TRIP'],
  irreversible: [...fieldVisitTraits.irreversible, 'REFUSE_UNPLANNED_TRIP'],
  optional: [...fieldVisitTraits.optional, 'CHOOSE_NEXT_TRIP', 'REGISTER_UNPLANNED_TRIP'],
  positive: [...fieldVisitTraits.positive, 'REGISTER_UNPLANNED_TRIP', 'APPROVE_UNPLANNED_TRIP'],
  destructive: [...fieldVisitTraits.destructive, 'REFUSE_UNPLANNED_TRIP'],
});

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
  summarySchema: fieldVisitSummaryV2,
});

import { defineWorkflow } from '../../define-workflow.ts';
import { eventTable } from '../../event-table.ts';
import { fieldVisitDocuments } from './documents.ts';
import { fieldVisitIssues } from './issued-document.ts';
import { activeTrip, currentQuarter } from './context.ts';
import {
  fieldVisitDescription,
  fieldVisitEventLabels,
  fieldVisitStateLabels,
  fieldVisitTitle,
} from './labels.ts';
import { fieldVisitMachine } from './machine.ts';
import { fieldVisitPermissions, fieldVisitStart } from './permissions.ts';
import { fieldVisitEvents, fieldVisitInput, fieldVisitPolicy } from './schema.ts';
import { fieldVisitSummaryLabels } from './summary-labels.ts';
import { fieldVisitSummary } from './summary-schema.ts';
import { fieldVisitNotices } from './notices.ts';

export const fieldVisitTraits = {
  decisions: [
    'APPROVE_PLAN',
    'RETURN_PLAN',
    'ISSUE_TRAVEL_ORDER',
    'HOST_CONFIRM',
    'HOST_DECLINE',
    'ACCEPT_REPORT',
    'RETURN_REPORT',
    'GRANT_EXEMPTION',
    'REFUSE_EXEMPTION',
  ],
  irreversible: ['ISSUE_TRAVEL_ORDER', 'HOST_DECLINE', 'CANCEL_TRIP', 'ACCEPT_REPORT', 'GRANT_EXEMPTION'],
  timers: ['QUARTER_OPENED', 'PLAN_REMINDER', 'PLAN_OVERDUE', 'REPORT_OVERDUE', 'YEAR_ENDED'],
  // An exemption can be asked for all year: a button for the cadre, never a to-do.
  optional: ['REQUEST_EXEMPTION'],
  positive: [
    'SUBMIT_PLAN',
    'APPROVE_PLAN',
    'ISSUE_TRAVEL_ORDER',
    'HOST_CONFIRM',
    'START_VISIT',
    'END_VISIT',
    'SUBMIT_REPORT',
    'ACCEPT_REPORT',
    'GRANT_EXEMPTION',
  ],
  destructive: ['HOST_DECLINE', 'CANCEL_TRIP', 'REFUSE_EXEMPTION'],
};
const events = eventTable(fieldVisitEvents, fieldVisitEventLabels, fieldVisitTraits);

export const fieldVisit = defineWorkflow({
  id: 'field-visit',
  version: 1,
  title: fieldVisitTitle,
  notices: fieldVisitNotices,
  description: fieldVisitDescription,
  machine: fieldVisitMachine,
  input: fieldVisitInput,
  policy: fieldVisitPolicy,
  events,
  states: fieldVisitStateLabels,
  permissions: fieldVisitPermissions,
  start: fieldVisitStart,
  units: (context) => ({
    cadreUnit: context.unitId,
    hostUnit: activeTrip(context)?.hostUnitId ?? null,
  }),
  // Nobody approves their own plan or report; colleagues of the same body may, so not `ownUnit`.
  subject: (context) => ({ personId: context.cadreId, unit: 'cadreUnit' }),
  conflictOfInterest: { ownUnit: false },
  documents: fieldVisitDocuments,
  issues: fieldVisitIssues,
  summary: (context) => ({
    cadreId: context.cadreId,
    unitId: context.unitId,
    year: context.year,
    quarter: context.quarter,
    creditedDays: context.creditedDays,
    quotaDays: context.policy.yearlyQuotaDays,
    plan: currentQuarter(context).plan,
    travelOrder: currentQuarter(context).travelOrder,
    activeTrip: activeTrip(context),
    lateReports: Object.values(context.trips).filter((trip) => trip.reportLate).length,
    lateQuarterPlans: Object.values(context.quarters).filter((quarter) => quarter.planLate).length,
    findingsForPartyCommittee: Object.values(context.trips)
      .map((trip) => trip.report?.findingsForPartyCommittee)
      .filter(Boolean),
    exemptionRequest: context.exemptionRequest,
    exemption: context.exemption,
  }),
  summaryLabels: fieldVisitSummaryLabels,
  summarySchema: fieldVisitSummary,
});

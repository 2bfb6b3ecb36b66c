import { defineWorkflow, eventTable } from '@doanflow/engine';
import {
  admissionDescription,
  admissionEventLabels,
  admissionRoles,
  admissionStateLabels,
  admissionTitle,
} from './labels.ts';
import { admissionMachine } from './machine.ts';
import { admissionPermissions, admissionStart } from './permissions.ts';
import { admissionEvents, admissionInput, admissionPolicy, admissionSummary } from './schema.ts';

const events = eventTable(admissionEvents, admissionEventLabels, {
  decisions: ['ADMIT', 'REJECT'],
  irreversible: ['ADMIT', 'REJECT'],
  positive: ['CONFIRM_INTRODUCTION', 'ADMIT'],
  destructive: ['REJECT'],
});

export const memberAdmission = defineWorkflow({
  id: 'member-admission',
  version: 1,
  title: admissionTitle,
  description: admissionDescription,
  machine: admissionMachine,
  input: admissionInput,
  policy: admissionPolicy,
  events,
  states: admissionStateLabels,
  permissions: admissionPermissions,
  start: admissionStart,
  roles: admissionRoles,
  units: (context) => ({ branch: context.branchId }),
  // The candidate is not in the directory yet: the inbox shows the name the request gives.
  subject: (context) => ({ personId: null, name: context.candidateName }),
  summary: (context) => ({
    candidateName: context.candidateName,
    birthDate: context.birthDate,
    branchId: context.branchId,
    introducerIds: context.introducerIds,
    confirmedBy: context.confirmedBy,
    votesFor: context.votesFor,
    votesAgainst: context.votesAgainst,
    outcome: context.outcome,
    reason: context.reason,
  }),
  summarySchema: admissionSummary,
});

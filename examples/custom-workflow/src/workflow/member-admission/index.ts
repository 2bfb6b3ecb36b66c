import { defineWorkflow, toneOf, type EventSpec } from '@doanflow/engine';
import {
  admissionDescription,
  admissionEventLabels,
  admissionStateLabels,
  admissionTitle,
} from './labels.ts';
import { admissionMachine } from './machine.ts';
import { admissionPermissions, admissionStart } from './permissions.ts';
import { admissionEvents, admissionInput, admissionPolicy, admissionSummary } from './schema.ts';

const decisions = new Set(['ADMIT', 'REJECT']);
const irreversible = new Set(['ADMIT', 'REJECT']);
const positive = new Set(['CONFIRM_INTRODUCTION', 'ADMIT']);
const destructive = new Set(['REJECT']);

const events: Record<string, EventSpec> = Object.fromEntries(
  Object.entries(admissionEvents).map(([type, payload]) => [
    type,
    {
      payload,
      label: admissionEventLabels[type]!,
      decision: decisions.has(type),
      irreversible: irreversible.has(type),
      tone: toneOf(type, positive, destructive),
    },
  ]),
);

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

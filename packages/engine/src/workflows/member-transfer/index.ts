import { defineWorkflow, toneOf, type EventSpec } from '../../define-workflow.ts';
import { transferDocuments } from './documents.ts';
import { transferIssues } from './issued-document.ts';
import { transferDescription, transferEventLabels, transferStateLabels, transferTitle } from './labels.ts';
import { transferMachine } from './machine.ts';
import { transferPermissions, transferStart } from './permissions.ts';
import { transferEvents, transferInput, transferPolicy } from './schema.ts';
import { transferSummaryLabels } from './summary-labels.ts';
import { memberTransferNotices } from './notices.ts';

const decisions = new Set([
  'CONFIRM',
  'REJECT',
  'RETURN_TO_BRANCH',
  'ISSUE_REFERRAL',
  'REISSUE',
  'ACCEPT',
  'RETURN_TO_SOURCE',
  'ASSIGN_BRANCH',
]);
const irreversible = new Set(['REJECT', 'WITHDRAW', 'CANCEL', 'ISSUE_REFERRAL', 'ACCEPT']);
const positive = new Set([
  'SUBMIT',
  'CONFIRM',
  'ISSUE_REFERRAL',
  'REISSUE',
  'PRESENT_REFERRAL',
  'ACCEPT',
  'ASSIGN_BRANCH',
  'ACKNOWLEDGE',
  'YEAR_END_COMMENT',
]);
const destructive = new Set(['REJECT', 'WITHDRAW', 'CANCEL']);
const timers = new Set(['REFERRAL_EXPIRED', 'RESPONSE_OVERDUE', 'ACKNOWLEDGEMENT_DUE', 'YEAR_END_REMINDER']);

const events: Record<string, EventSpec> = Object.fromEntries(
  Object.entries(transferEvents).map(([type, payload]) => [
    type,
    {
      payload,
      label: transferEventLabels[type]!,
      decision: decisions.has(type),
      irreversible: irreversible.has(type),
      timer: timers.has(type),
      optional: type === 'WITHDRAW',
      tone: toneOf(type, positive, destructive),
    },
  ]),
);

export const memberTransfer = defineWorkflow({
  id: 'member-transfer',
  version: 1,
  title: transferTitle,
  notices: memberTransferNotices,
  description: transferDescription,
  machine: transferMachine,
  input: transferInput,
  policy: transferPolicy,
  events,
  states: transferStateLabels,
  permissions: transferPermissions,
  start: transferStart,
  units: (context) => ({
    sourceBranch: context.sourceBranchId,
    sourceBase: context.sourceBaseId,
    destinationBase: context.destinationBaseId,
    destinationBranch: context.destinationBranchId,
  }),
  subject: (context) => ({ personId: context.memberId }),
  documents: transferDocuments,
  issues: transferIssues,
  summary: (context) => ({
    memberId: context.memberId,
    kind: context.kind,
    sourceBranchId: context.sourceBranchId,
    destinationBaseId: context.destinationBaseId,
    destinationBranchId: context.destinationBranchId,
    reason: context.reason,
    referral: context.referral,
    duesPaidThrough: context.duesPaidThrough,
  }),
  summaryLabels: transferSummaryLabels,
});

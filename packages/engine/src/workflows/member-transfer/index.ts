import { defineWorkflow } from '../../define-workflow.ts';
import { eventTable } from '../../event-table.ts';
import { transferDocuments } from './documents.ts';
import { transferIssues } from './issued-document.ts';
import { transferDescription, transferEventLabels, transferStateLabels, transferTitle } from './labels.ts';
import { transferMachine } from './machine.ts';
import { transferPermissions, transferStart } from './permissions.ts';
import { transferEvents, transferInput, transferPolicy } from './schema.ts';
import { transferSummaryLabels } from './summary-labels.ts';
import { transferSummary } from './summary-schema.ts';
import { memberTransferNotices } from './notices.ts';

const events = eventTable(transferEvents, transferEventLabels, {
  decisions: [
    'CONFIRM',
    'REJECT',
    'RETURN_TO_BRANCH',
    'ISSUE_REFERRAL',
    'REISSUE',
    'ACCEPT',
    'RETURN_TO_SOURCE',
    'ASSIGN_BRANCH',
  ],
  irreversible: ['REJECT', 'WITHDRAW', 'CANCEL', 'ISSUE_REFERRAL', 'ACCEPT'],
  timers: ['REFERRAL_EXPIRED', 'RESPONSE_OVERDUE', 'ACKNOWLEDGEMENT_DUE', 'YEAR_END_REMINDER'],
  optional: ['WITHDRAW'],
  positive: [
    'SUBMIT',
    'CONFIRM',
    'ISSUE_REFERRAL',
    'REISSUE',
    'PRESENT_REFERRAL',
    'ACCEPT',
    'ASSIGN_BRANCH',
    'ACKNOWLEDGE',
    'YEAR_END_COMMENT',
  ],
  destructive: ['REJECT', 'WITHDRAW', 'CANCEL'],
});

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
  summarySchema: transferSummary,
});

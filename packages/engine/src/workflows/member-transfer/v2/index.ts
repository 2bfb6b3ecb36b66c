import { defineWorkflow } from '../../../define-workflow.ts';
import { eventTable } from '../../../event-table.ts';
import { transferDocuments } from '../documents.ts';
import { transferIssues } from '../issued-document.ts';
import {
  transferDescription,
  transferEventLabelsV2,
  transferStateLabelsV2,
  transferTitle,
} from '../labels.ts';
import { transferSummaryLabelsV2 } from '../summary-labels.ts';
import { transferSummaryV2 } from '../summary-schema.ts';
import type { TransferContextV2 } from './machine.ts';
import type { DocumentsSpec } from '../../../documents.ts';
import { transferMachineV2 } from './machine.ts';
import { transferPermissionsV2, transferStartV2 } from './permissions.ts';
import { transferEventsV2, transferInputV2, transferPolicyV2 } from './schema.ts';
import { memberTransferNotices } from '../notices.ts';

const events = eventTable(transferEventsV2, transferEventLabelsV2, {
  decisions: [
    'CONFIRM',
    'REJECT',
    'RETURN_TO_BRANCH',
    'ISSUE_REFERRAL',
    'REISSUE',
    'ACCEPT',
    'RETURN_TO_SOURCE',
    'ASSIGN_BRANCH',
    'EXTEND_STAY',
  ],
  irreversible: ['REJECT', 'WITHDRAW', 'CANCEL', 'ISSUE_REFERRAL', 'ACCEPT', 'RETURN_HOME'],
  timers: ['REFERRAL_EXPIRED', 'RESPONSE_OVERDUE', 'ACKNOWLEDGEMENT_DUE', 'YEAR_END_REMINDER', 'STAY_ENDS'],
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
    'EXTEND_STAY',
    'RECORD_COMMENT',
  ],
  destructive: ['REJECT', 'WITHDRAW', 'CANCEL'],
});

/**
 * Member transfer v2 (issue 11): the base decides and signs by title, the branch only comments,
 * residence participation without referral or dues, a temporary stay that ends on its date, and the
 * host's comment delivered home as a task. Instances started on v1 keep v1's rules.
 */
export const memberTransferV2 = defineWorkflow({
  id: 'member-transfer',
  version: 2,
  title: transferTitle,
  notices: memberTransferNotices,
  description: transferDescription,
  machine: transferMachineV2,
  input: transferInputV2,
  policy: transferPolicyV2,
  // Whether the member is a cadre is the directory's to say, not the requester's.
  facts: (input: { memberId: string }, directory, on) => ({
    memberIsCadre: directory.isCadre(input.memberId, on),
  }),
  events,
  states: transferStateLabelsV2,
  permissions: transferPermissionsV2,
  start: transferStartV2,
  units: (context) => ({
    sourceBranch: context.sourceBranchId,
    sourceBase: context.sourceBaseId,
    destinationBase: context.destinationBaseId,
    destinationBranch: context.destinationBranchId,
  }),
  subject: (context) => ({ personId: context.memberId }),
  documents: transferDocuments as unknown as DocumentsSpec<TransferContextV2>,
  // The referral printed as an official document (official-documents/), as in v1.
  issues: transferIssues as never,
  summary: (context) => ({
    memberId: context.memberId,
    kind: context.kind,
    sourceBranchId: context.sourceBranchId,
    destinationBaseId: context.destinationBaseId,
    destinationBranchId: context.destinationBranchId,
    reason: context.reason,
    memberIsCadre: context.memberIsCadre,
    until: context.until,
    concerns: context.concerns,
    referral: context.referral,
    duesPaidThrough: context.duesPaidThrough,
    homeComment: context.homeComment,
    homeComments: context.homeComments,
  }),
  summaryLabels: transferSummaryLabelsV2,
  summarySchema: transferSummaryV2,
});

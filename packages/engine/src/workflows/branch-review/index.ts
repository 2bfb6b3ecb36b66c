import { defineWorkflow } from '../../define-workflow.ts';
import { eventTable } from '../../event-table.ts';
import { branchReviewDocuments, branchReviewDocumentsV2 } from './documents.ts';
import { meetingMonths, threeHaves, threeHavesScore, twoBriefingsOneLink } from './evidence.ts';
import { branchReviewIssues, branchReviewIssuesV2 } from './issued-document.ts';
import {
  branchReviewDescription,
  branchReviewDescriptionV2,
  branchReviewEventLabels,
  branchReviewStateLabels,
  branchReviewTitle,
} from './labels.ts';
import { branchReviewMachine, branchReviewMachineV2 } from './machine.ts';
import { branchReviewPermissions, branchReviewPermissionsV2, branchReviewStart } from './permissions.ts';
import {
  branchReviewEvents,
  branchReviewInput,
  branchReviewPolicy,
  branchReviewPolicyV2,
  v1OnlyEvents,
  v2OnlyEvents,
} from './schema.ts';
import { branchReviewSummaryLabels } from './summary-labels.ts';
import { branchReviewSummary, branchReviewSummaryV2 } from './summary-schema.ts';
import { branchReviewNotices } from './notices.ts';

/** Decisions about the branch: nobody holding a role in it, or a member of it, may take them. */
const traits = {
  decisions: [
    'RETURN_TO_BRANCH',
    'PROPOSE_LEVEL',
    'APPROVE',
    'ADJUST_LEVEL',
    'RETURN_TO_BASE',
    'UPHOLD_RESULT',
    'AMEND_RESULT',
    'DECIDE_LEVEL',
    'APPROVE_TOP_RATING',
    'REJECT_TOP_RATING',
  ],
  irreversible: ['SUBMIT', 'APPROVE', 'ADJUST_LEVEL', 'APPEAL', 'UPHOLD_RESULT', 'AMEND_RESULT'],
  timers: [
    'MONTH_END_CHECK',
    'SUBMISSION_REMINDER',
    'SUBMISSION_OVERDUE',
    'REVIEW_OVERDUE',
    'APPEAL_WINDOW_CLOSED',
  ],
  positive: ['SUBMIT', 'PROPOSE_LEVEL', 'APPROVE', 'UPHOLD_RESULT', 'DECIDE_LEVEL', 'APPROVE_TOP_RATING'],
};

const eventsOf = (version: 1 | 2) =>
  eventTable(
    branchReviewEvents,
    branchReviewEventLabels,
    traits,
    version === 1 ? v2OnlyEvents : v1OnlyEvents,
  );

const { upperApproval: _upperApproval, ...v1States } = branchReviewStateLabels;
const { upperReview: _upperReview, ...v2States } = branchReviewStateLabels;

export const branchReview = defineWorkflow({
  id: 'branch-review',
  version: 1,
  title: branchReviewTitle,
  notices: branchReviewNotices,
  description: branchReviewDescription,
  machine: branchReviewMachine,
  input: branchReviewInput,
  policy: branchReviewPolicy,
  events: eventsOf(1),
  states: v1States,
  permissions: branchReviewPermissions,
  start: branchReviewStart,
  units: (context) => ({ branch: context.branchId, base: context.baseId }),
  subject: () => ({ unit: 'branch' }),
  conflictOfInterest: { ownUnit: true },
  documents: branchReviewDocuments,
  issues: branchReviewIssues,
  summary: (context) => ({
    branchId: context.branchId,
    baseId: context.baseId,
    year: context.year,
    threeHaves: threeHaves(context),
    meetingMonths: meetingMonths(context),
    twoBriefingsOneLink: twoBriefingsOneLink(context),
    youthProjects: context.youthProjects.map((project) => project.name),
    proposedBySelf: context.draft?.proposedLevel ?? null,
    proposedByBase: context.baseProposal?.level ?? null,
    result: context.result,
    appeals: context.appeals.length,
    escalated: context.escalated,
    lateStages: context.lateStages,
  }),
  summaryLabels: branchReviewSummaryLabels,
  summarySchema: branchReviewSummary,
});

/**
 * Version 2: the base standing committee decides its branches' ratings at a recorded meeting; the
 * top-rating quota is counted by the server from the round's own reviews; the level above approves
 * only top ratings, where the policy asks; "3 có" is scored, a gate only by policy; an appeal goes
 * above whoever decided; the published result goes to the branch's record (and its nominations).
 */
export const branchReviewV2 = defineWorkflow({
  ...branchReview,
  version: 2,
  description: branchReviewDescriptionV2,
  machine: branchReviewMachineV2,
  policy: branchReviewPolicyV2,
  events: eventsOf(2),
  states: v2States,
  permissions: branchReviewPermissionsV2,
  documents: branchReviewDocumentsV2,
  issues: branchReviewIssuesV2,
  units: (context) => ({ branch: context.branchId, base: context.baseId, upper: context.upperId ?? null }),
  summary: (context) => ({
    ...branchReview.summary!(context),
    threeHavesScore: threeHavesScore(context),
    decidedBy: context.decidedBy ?? null,
    awaitingUpperApproval: context.pendingTop?.level ?? null,
  }),
  summarySchema: branchReviewSummaryV2,
});

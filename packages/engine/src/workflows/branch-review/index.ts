import { defineWorkflow, toneOf, type EventSpec } from '../../define-workflow.ts';
import { branchReviewDocuments } from './documents.ts';
import { branchReviewIssues } from './issued-document.ts';
import { meetingMonths, threeHaves, twoBriefingsOneLink } from './evidence.ts';
import {
  branchReviewDescription,
  branchReviewEventLabels,
  branchReviewStateLabels,
  branchReviewTitle,
} from './labels.ts';
import { branchReviewMachine } from './machine.ts';
import { branchReviewPermissions, branchReviewStart } from './permissions.ts';
import { branchReviewEvents, branchReviewInput, branchReviewPolicy } from './schema.ts';
import { branchReviewSummaryLabels } from './summary-labels.ts';

/** Decisions about the branch: nobody holding a role in it, or a member of it, may take them. */
const decisions = new Set([
  'RETURN_TO_BRANCH',
  'PROPOSE_LEVEL',
  'APPROVE',
  'ADJUST_LEVEL',
  'RETURN_TO_BASE',
  'UPHOLD_RESULT',
  'AMEND_RESULT',
]);
const irreversible = new Set([
  'SUBMIT',
  'APPROVE',
  'ADJUST_LEVEL',
  'APPEAL',
  'UPHOLD_RESULT',
  'AMEND_RESULT',
]);
const positive = new Set(['SUBMIT', 'PROPOSE_LEVEL', 'APPROVE', 'UPHOLD_RESULT']);
const timers = new Set([
  'MONTH_END_CHECK',
  'SUBMISSION_REMINDER',
  'SUBMISSION_OVERDUE',
  'REVIEW_OVERDUE',
  'APPEAL_WINDOW_CLOSED',
]);

const events: Record<string, EventSpec> = Object.fromEntries(
  Object.entries(branchReviewEvents).map(([type, payload]) => [
    type,
    {
      payload,
      label: branchReviewEventLabels[type]!,
      decision: decisions.has(type),
      irreversible: irreversible.has(type),
      timer: timers.has(type),
      tone: toneOf(type, positive, new Set()),
    },
  ]),
);

export const branchReview = defineWorkflow({
  id: 'branch-review',
  version: 1,
  title: branchReviewTitle,
  description: branchReviewDescription,
  machine: branchReviewMachine,
  input: branchReviewInput,
  policy: branchReviewPolicy,
  events,
  states: branchReviewStateLabels,
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
});

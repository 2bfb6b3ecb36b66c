import type { AnyWorkflowDefinition } from '../define-workflow.ts';
import { awardCampaign, awardNomination } from './award-nomination/index.ts';
import { branchReview } from './branch-review/index.ts';
import { fieldVisit } from './field-visit/index.ts';
import { memberTransfer } from './member-transfer/index.ts';

/** The Union's processes, one line each. */
export const unionWorkflows: AnyWorkflowDefinition[] = [
  branchReview,
  awardCampaign,
  awardNomination,
  memberTransfer,
  fieldVisit,
];

export { awardCampaign, awardNomination, branchReview, fieldVisit, memberTransfer };

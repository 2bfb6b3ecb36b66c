import type { AnyWorkflowDefinition } from '../define-workflow.ts';
import {
  awardCampaign as campaign,
  awardCampaignV2 as campaignV2,
  awardNomination as nomination,
  awardNominationV2 as nominationV2,
} from './award-nomination/index.ts';
import { branchReview as review, branchReviewV2 as reviewV2 } from './branch-review/index.ts';
import { fieldVisit as visit } from './field-visit/index.ts';
import { memberTransfer as transfer } from './member-transfer/index.ts';

/*
 * Published as any workflow: their declarations then name no machine type, whose generic parameters
 * change between xstate minors (5.32 → 5.33), so a host on another minor of xstate compiles them.
 */
export const awardCampaign: AnyWorkflowDefinition = campaign;
export const awardCampaignV2: AnyWorkflowDefinition = campaignV2;
export const awardNomination: AnyWorkflowDefinition = nomination;
export const awardNominationV2: AnyWorkflowDefinition = nominationV2;
export const branchReview: AnyWorkflowDefinition = review;
export const branchReviewV2: AnyWorkflowDefinition = reviewV2;
export const fieldVisit: AnyWorkflowDefinition = visit;
export const memberTransfer: AnyWorkflowDefinition = transfer;

/** The Union's processes, every version still running (the registry starts new ones on the latest). */
export const unionWorkflows: AnyWorkflowDefinition[] = [
  branchReview,
  branchReviewV2,
  awardCampaign,
  awardCampaignV2,
  awardNomination,
  awardNominationV2,
  memberTransfer,
  fieldVisit,
];

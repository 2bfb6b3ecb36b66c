import type { AnyWorkflowDefinition } from '../define-workflow.ts';
import { awardCampaign as campaignV1, awardCampaignV2 as campaign } from './award-campaign/index.ts';
import {
  awardNomination as nominationV1,
  awardNominationV2 as nomination,
} from './award-nomination/index.ts';
import { branchReview as reviewV1, branchReviewV2 as review } from './branch-review/index.ts';
import { fieldVisit as visitV1 } from './field-visit/index.ts';
import { fieldVisitV2 as visit } from './field-visit/v2/index.ts';
import { memberTransfer as transferV1 } from './member-transfer/index.ts';
import { memberTransferV2 as transfer } from './member-transfer/v2/index.ts';
import { yearEndReview as personReview } from './year-end-review/index.ts';

/*
 * Published as any workflow: their declarations then name no machine type, whose generic parameters
 * change between xstate minors (5.32 → 5.33), so a host on another minor of xstate compiles them.
 * The plain name is the latest version, which new instances start on; `…V1` is kept for the instances
 * started on it before issue 11 changed the Union's rules.
 */
export const awardCampaign: AnyWorkflowDefinition = campaign;
export const awardCampaignV1: AnyWorkflowDefinition = campaignV1;
export const awardNomination: AnyWorkflowDefinition = nomination;
export const awardNominationV1: AnyWorkflowDefinition = nominationV1;
export const branchReview: AnyWorkflowDefinition = review;
export const branchReviewV1: AnyWorkflowDefinition = reviewV1;
export const fieldVisit: AnyWorkflowDefinition = visit;
export const fieldVisitV1: AnyWorkflowDefinition = visitV1;
export const memberTransfer: AnyWorkflowDefinition = transfer;
export const memberTransferV1: AnyWorkflowDefinition = transferV1;
export const yearEndReview: AnyWorkflowDefinition = personReview;

/** The Union's processes, every version still running (the registry starts new ones on the latest). */
export const unionWorkflows: AnyWorkflowDefinition[] = [
  branchReviewV1,
  branchReview,
  awardCampaignV1,
  awardCampaign,
  awardNominationV1,
  awardNomination,
  memberTransferV1,
  memberTransfer,
  fieldVisitV1,
  fieldVisit,
  yearEndReview,
];

import type { AnyWorkflowDefinition } from '../define-workflow.ts';
import { awardCampaign as campaign, awardNomination as nomination } from './award-nomination/index.ts';
import { branchReview as review } from './branch-review/index.ts';
import { fieldVisit as visitV1 } from './field-visit/index.ts';
import { fieldVisitV2 as visit } from './field-visit/v2/index.ts';
import { memberTransfer as transferV1 } from './member-transfer/index.ts';
import { memberTransferV2 as transfer } from './member-transfer/v2/index.ts';

/*
 * Published as any workflow: their declarations then name no machine type, whose generic parameters
 * change between xstate minors (5.32 → 5.33), so a host on another minor of xstate compiles them.
 */
export const awardCampaign: AnyWorkflowDefinition = campaign;
export const awardNomination: AnyWorkflowDefinition = nomination;
export const branchReview: AnyWorkflowDefinition = review;
export const fieldVisit: AnyWorkflowDefinition = visit;
export const fieldVisitV1: AnyWorkflowDefinition = visitV1;
/** The latest version, which new instances start on. */
export const memberTransfer: AnyWorkflowDefinition = transfer;
/** Kept for the instances started on it (issue 11 changed the rules in v2). */
export const memberTransferV1: AnyWorkflowDefinition = transferV1;

/** The Union's processes, one line each; earlier versions stay for the instances running on them. */
export const unionWorkflows: AnyWorkflowDefinition[] = [
  branchReview,
  awardCampaign,
  awardNomination,
  memberTransferV1,
  memberTransfer,
  fieldVisitV1,
  fieldVisit,
];

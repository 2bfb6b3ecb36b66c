import { defineWorkflow } from '../../define-workflow.ts';
import { eventTable } from '../../event-table.ts';
import { campaignIssues, campaignIssuesV2 } from './issued-document.ts';
import { campaignDescription, campaignEventLabels, campaignStateLabels, campaignTitle } from './labels.ts';
import { campaignMachine, campaignMachineV2 } from './machine.ts';
import { campaignNotices } from './notices.ts';
import { campaignPermissions, campaignPermissionsV2, campaignStart } from './permissions.ts';
import {
  campaignEvents,
  campaignInput,
  campaignPolicy,
  campaignPolicyV2,
  campaignV1OnlyEvents,
  campaignV2OnlyEvents,
} from './schema.ts';
import { campaignSummaryLabels, campaignV2SummaryLabels } from './summary-labels.ts';
import { campaignSummary, campaignSummaryV2 } from './summary-schema.ts';

const campaignTraits = {
  decisions: ['SIGN_DECISION', 'CANCEL', 'DECIDE_AWARDS'],
  irreversible: ['SIGN_DECISION', 'CANCEL', 'DECIDE_AWARDS'],
  timers: ['DEADLINE_PASSED', 'REVIEW_OVERDUE'],
  links: ['NOMINATION_RECOMMENDED'],
  positive: ['SEND_TO_COUNCIL', 'SIGN_DECISION', 'DECIDE_AWARDS'],
  destructive: ['CANCEL'],
};
const campaignEventsOf = (version: 1 | 2) =>
  eventTable(
    campaignEvents,
    campaignEventLabels,
    campaignTraits,
    version === 1 ? campaignV2OnlyEvents : campaignV1OnlyEvents,
  );

/**
 * A round of an award ("đợt xét khen thưởng"), run by the awarding unit. It concerns no person and
 * no lower unit, so it has no conflict of interest of its own: conflicts are checked on each
 * nomination, where the nominee is known.
 */
export const awardCampaign = defineWorkflow({
  id: 'award-campaign',
  version: 1,
  title: campaignTitle,
  notices: campaignNotices,
  description: campaignDescription,
  machine: campaignMachine,
  input: campaignInput,
  policy: campaignPolicy,
  events: campaignEventsOf(1),
  states: campaignStateLabels,
  permissions: campaignPermissions,
  start: campaignStart,
  units: (context) => ({ awardingUnit: context.awardingUnitId }),
  subject: () => ({}),
  summary: (context) => ({
    name: context.name,
    awardingUnitId: context.awardingUnitId,
    awardForms: context.awardForms,
    quotas: context.quotas,
    deadline: context.deadline,
    dossiersReceived: context.dossiersReceived,
    decision: context.decision,
    cancelReason: context.cancelReason,
  }),
  summaryLabels: campaignSummaryLabels,
  summarySchema: campaignSummary,
  issues: campaignIssues,
});

/**
 * Version 2: the council's recommendations arrive from the nominations (links); one decision of the
 * round, signed by title, lists every awardee from the ranked list within each form's limit, and is
 * linked to every nomination of the round and to each awardee's record.
 */
export const awardCampaignV2 = defineWorkflow({
  ...awardCampaign,
  version: 2,
  machine: campaignMachineV2,
  policy: campaignPolicyV2,
  events: campaignEventsOf(2),
  permissions: campaignPermissionsV2,
  summary: (context) => ({
    ...awardCampaign.summary!(context),
    recommendations: (context.recommendations ?? []).length,
    awardees: context.awardees ?? [],
  }),
  summaryLabels: campaignV2SummaryLabels,
  summarySchema: campaignSummaryV2,
  issues: campaignIssuesV2,
});

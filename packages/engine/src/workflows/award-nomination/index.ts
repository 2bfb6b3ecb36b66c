import {
  defineWorkflow,
  toneOf,
  type EventSpec,
  type Label,
  type WorkflowDefinition,
} from '../../define-workflow.ts';
import type { z } from 'zod';
import { nominationDocuments } from './documents.ts';
import { campaignIssues, campaignIssuesV2 } from './issued-document.ts';
import { ineligibleBecause, missingDocuments, quotaLeft } from './dossier.ts';
import {
  campaignDescription,
  campaignEventLabels,
  campaignStateLabels,
  campaignTitle,
  nominationDescription,
  nominationEventLabels,
  nominationStateLabels,
  nominationTitle,
} from './labels.ts';
import { campaignMachine, campaignMachineV2, nominationMachine, nominationMachineV2 } from './machine.ts';
import {
  campaignPermissions,
  campaignPermissionsV2,
  campaignStart,
  nominationPermissions,
  nominationStart,
} from './permissions.ts';
import {
  campaignEvents,
  campaignInput,
  campaignV1OnlyEvents,
  campaignV2OnlyEvents,
  campaignPolicy,
  nominationEvents,
  nominationInput,
  nominationInputV2,
  nominationPolicy,
  castVoteV2,
  nominationV1OnlyEvents,
  nominationV2Events,
} from './schema.ts';
import {
  campaignSummaryLabels,
  campaignV2SummaryLabels,
  nominationSummaryLabels,
  nominationV2SummaryLabels,
} from './summary-labels.ts';
import { awardNotices } from './notices.ts';

interface Flags {
  decisions: readonly string[];
  irreversible: readonly string[];
  timers: readonly string[];
  positive: readonly string[];
  destructive: readonly string[];
}

function eventSpecs(
  payloads: Record<string, z.ZodType>,
  labels: Record<string, Label>,
  flags: Flags,
): Record<string, EventSpec> {
  return Object.fromEntries(
    Object.entries(payloads).map(([type, payload]) => [
      type,
      {
        payload,
        label: labels[type]!,
        decision: flags.decisions.includes(type),
        irreversible: flags.irreversible.includes(type),
        timer: flags.timers.includes(type),
        tone: toneOf(type, new Set(flags.positive), new Set(flags.destructive)),
      },
    ]),
  );
}

/**
 * A round of an award ("đợt xét khen thưởng"), run by the awarding unit. It concerns no person and
 * no lower unit, so it has no conflict of interest of its own: conflicts are checked on each
 * nomination, where the nominee is known.
 */
const campaignEventSpecs = (version: 1 | 2) => {
  const specs = eventSpecs(campaignEvents, campaignEventLabels, {
    decisions: ['SIGN_DECISION', 'CANCEL', 'DECIDE_AWARDS'],
    irreversible: ['SIGN_DECISION', 'CANCEL', 'DECIDE_AWARDS'],
    timers: ['DEADLINE_PASSED', 'REVIEW_OVERDUE'],
    positive: ['SEND_TO_COUNCIL', 'SIGN_DECISION', 'DECIDE_AWARDS'],
    destructive: ['CANCEL'],
  });
  for (const type of version === 1 ? campaignV2OnlyEvents : campaignV1OnlyEvents) delete specs[type];
  if (version === 2) specs['NOMINATION_RECOMMENDED'] = { ...specs['NOMINATION_RECOMMENDED']!, link: true };
  return specs;
};

export const awardCampaign = defineWorkflow({
  id: 'award-campaign',
  version: 1,
  title: campaignTitle,
  notices: awardNotices,
  description: campaignDescription,
  machine: campaignMachine,
  input: campaignInput,
  policy: campaignPolicy,
  events: campaignEventSpecs(1),
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
  events: campaignEventSpecs(2),
  permissions: campaignPermissionsV2,
  summary: (context) => ({
    ...awardCampaign.summary!(context),
    recommendations: (context.recommendations ?? []).length,
    awardees: context.awardees ?? [],
  }),
  summaryLabels: campaignV2SummaryLabels,
  issues: campaignIssuesV2,
});

/**
 * One nomination of one nominee (a branch or a person) in one round.
 *
 * The engine is pure and sees one instance at a time, so two rules that span instances are the
 * server's to enforce, atomically, when a nomination is started and when it is submitted:
 * - one award form per nominee per round: the server refuses a second nomination of the same nominee
 *   in the same campaign;
 * - the quota: the server supplies `quota` and `alreadySubmitted` (this unit's other nominations
 *   submitted in the round) in the input; the machine refuses a submission with no quota left, and
 *   the server re-counts at submission, since the count in the input was taken when it started.
 * The campaign's deadline is copied into the input, so the nomination's own timer enforces it.
 *
 * Conflict of interest (ownUnit): a council member, secretariat officer or signer who is the nominee,
 * is a member of the nominated branch or holds a role in it, may not vote or decide.
 */
const nominationEventSpecs = (version: 1 | 2) => {
  const specs = eventSpecs(nominationEvents, nominationEventLabels, {
    decisions: [
      'ACCEPT_DOSSIER',
      'RETURN_INCOMPLETE',
      'CAST_VOTE',
      'CLOSE_VOTE',
      'SIGN_DECISION',
      'DECLINE_TO_SIGN',
    ],
    irreversible: [
      'SUBMIT',
      'WITHDRAW',
      'ACCEPT_DOSSIER',
      'RETURN_INCOMPLETE',
      'CAST_VOTE',
      'CLOSE_VOTE',
      'SIGN_DECISION',
      'DECLINE_TO_SIGN',
    ],
    timers: ['SUBMISSION_DEADLINE', 'DEADLINE_REMINDER', 'CHECK_OVERDUE'],
    positive: ['SUBMIT', 'ACCEPT_DOSSIER', 'CLOSE_VOTE', 'SIGN_DECISION'],
    destructive: ['WITHDRAW', 'DECLINE_TO_SIGN'],
  });
  for (const type of nominationV2Events) {
    if (version === 1) delete specs[type];
    else specs[type] = { ...specs[type]!, link: true };
  }
  if (version === 2) {
    for (const type of nominationV1OnlyEvents) delete specs[type];
    // A secret ballot's vote reaches the engine without its choice (the server's ballot box has it).
    specs['CAST_VOTE'] = { ...specs['CAST_VOTE']!, payload: castVoteV2 };
  }
  return specs;
};

const nominationShared = {
  id: 'award-nomination',
  title: nominationTitle,
  notices: awardNotices,
  description: nominationDescription,
  policy: nominationPolicy,
  states: nominationStateLabels,
  permissions: nominationPermissions,
  start: nominationStart,
  units: (context) => ({
    awardingUnit: context.awardingUnitId,
    nominatingUnit: context.nominatingUnitId,
    nominee: context.nominee.kind === 'branch' ? context.nominee.unitId : null,
  }),
  // Officers of the nominated branch and of the unit proposing it both have a stake in the outcome.
  subject: (context) => ({
    personId: context.nominee.kind === 'person' ? context.nominee.personId : null,
    unit: ['nominee', 'nominatingUnit'],
  }),
  conflictOfInterest: { ownUnit: true },
  documents: nominationDocuments,
  summary: (context) => ({
    campaignId: context.campaignId,
    awardForm: context.awardForm,
    nominee: context.nominee,
    nominatingUnitId: context.nominatingUnitId,
    deadline: context.deadline,
    documents: context.documents,
    // What still stands between the dossier and "Gửi hồ sơ": shown as a checklist.
    missingDocuments: missingDocuments(context),
    ineligibleBecause: ineligibleBecause(context),
    quotaLeft: quotaLeft(context),
    rating: context.rating,
    lastReturn: context.lastReturn,
    // Who has voted (not how): a portal hides the ballot button from them.
    votedBy: Object.keys(context.ballots),
    outcome: context.outcome,
    decision: context.decision,
    closingReason: context.closingReason,
  }),
  summaryLabels: nominationSummaryLabels,
} satisfies Partial<WorkflowDefinition<typeof nominationMachine>>;

export const awardNomination = defineWorkflow({
  ...nominationShared,
  version: 1,
  machine: nominationMachine,
  input: nominationInput,
  events: nominationEventSpecs(1),
});

/**
 * Version 2: the nomination reads the round (awarding unit, deadline, quota, award form) from its
 * campaign and the branch's rating from its review record; the server counts the unit's submitted
 * nominations in the submission's transaction and allows one nomination per nominee and award form
 * in a round. Instances started on v1 keep v1.
 */
export const awardNominationV2 = defineWorkflow({
  ...nominationShared,
  version: 2,
  machine: nominationMachineV2,
  input: nominationInputV2,
  events: nominationEventSpecs(2),
  permissions: nominationPermissions.filter((rule) => !nominationV1OnlyEvents.has(rule.event)),
  summaryLabels: nominationV2SummaryLabels,
});

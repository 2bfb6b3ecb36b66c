import { defineWorkflow, type WorkflowDefinition } from '../../define-workflow.ts';
import { eventTable } from '../../event-table.ts';
import { nominationDocuments } from './documents.ts';
import { ineligibleBecause, missingDocuments, quotaLeft } from './dossier.ts';
import {
  nominationDescription,
  nominationEventLabels,
  nominationStateLabels,
  nominationTitle,
} from './labels.ts';
import { nominationMachine, nominationMachineV2 } from './machine.ts';
import { nominationPermissions, nominationPermissionsV2, nominationStart } from './permissions.ts';
import {
  castVoteV2,
  nominationEvents,
  nominationInput,
  nominationInputV2,
  nominationPolicy,
  nominationPolicyV2,
  nominationV1OnlyEvents,
  nominationV2Events,
} from './schema.ts';
import { nominationNotices } from './notices.ts';
import { nominationSummaryLabels, nominationV2SummaryLabels } from './summary-labels.ts';
import { nominationSummary, nominationSummaryV2 } from './summary-schema.ts';

const nominationTraits = {
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
  links: [...nominationV2Events],
  positive: ['SUBMIT', 'ACCEPT_DOSSIER', 'CLOSE_VOTE', 'SIGN_DECISION'],
  destructive: ['WITHDRAW', 'DECLINE_TO_SIGN'],
};
const nominationEventsOf = (version: 1 | 2) => {
  const events = eventTable(
    nominationEvents,
    nominationEventLabels,
    nominationTraits,
    version === 1 ? nominationV2Events : nominationV1OnlyEvents,
  );
  // A secret ballot's vote reaches the engine without its choice (the server's ballot box has it).
  if (version === 2) events['CAST_VOTE'] = { ...events['CAST_VOTE']!, payload: castVoteV2 };
  return events;
};

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
const nominationShared = {
  id: 'award-nomination',
  title: nominationTitle,
  notices: nominationNotices,
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
  summarySchema: nominationSummary,
} satisfies Partial<WorkflowDefinition<typeof nominationMachine>>;

export const awardNomination = defineWorkflow({
  ...nominationShared,
  version: 1,
  machine: nominationMachine,
  input: nominationInput,
  events: nominationEventsOf(1),
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
  events: nominationEventsOf(2),
  policy: nominationPolicyV2,
  permissions: nominationPermissionsV2,
  summaryLabels: nominationV2SummaryLabels,
  summarySchema: nominationSummaryV2,
});

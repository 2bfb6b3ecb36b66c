import type { PermissionRule, StartRule } from '../../define-workflow.ts';
import type { BranchReviewContext } from './context.ts';

type Rule = PermissionRule<BranchReviewContext>;

/** The branch keeps its own log and writes its self-assessment… */
const branch = (event: string, states: string[]): Rule => ({
  event,
  states,
  role: 'branchSecretary',
  of: 'branch',
  at: 'own',
});
/** …and once the deadline has passed, the base secretary may do it in its place. */
const baseSecretaryWhenOverdue = (event: string, states: string[]): Rule => ({
  event,
  states,
  role: 'baseSecretary',
  of: 'branch',
  at: 'levelAbove',
  when: (context) => context.escalated,
});
/** The base standing committee (BTV đoàn cơ sở) decides collectively: "TM.". */
const baseCommittee = (event: string): Rule => ({
  event,
  states: ['baseReview'],
  role: 'baseStanding',
  of: 'branch',
  at: 'levelAbove',
  signsForCommittee: true,
});
/** The standing committee of the level directly above the base: "TM.". */
const upperCommittee = (event: string, state: string): Rule => ({
  event,
  states: [state],
  role: 'upperStanding',
  of: 'base',
  at: 'levelAbove',
  signsForCommittee: true,
});

const branchWork: [string, string[]][] = [
  ['RECORD_CADRE', ['yearRound']],
  ['LOG_MEETING', ['yearRound']],
  ['LOG_JOINT_MEETING', ['yearRound']],
  ['LOG_BRIEFING', ['yearRound']],
  ['LOG_YOUTH_PROJECT', ['yearRound']],
  ['SAVE_DRAFT', ['yearRound']],
  ['SUBMIT', ['yearRound.drafting']],
];

/** The base opens each of its branches' reviews for the year (or the system does, on 1 January). */
export const branchReviewStart: StartRule<BranchReviewContext>[] = [
  { role: 'baseSecretary', of: 'branch', at: 'levelAbove' },
  { role: 'baseStanding', of: 'branch', at: 'levelAbove' },
];

export const branchReviewPermissions: Rule[] = [
  ...branchWork.map(([event, states]) => branch(event, states)),
  ...branchWork.map(([event, states]) => baseSecretaryWhenOverdue(event, states)),
  baseCommittee('RETURN_TO_BRANCH'),
  baseCommittee('PROPOSE_LEVEL'),
  upperCommittee('APPROVE', 'upperReview'),
  upperCommittee('ADJUST_LEVEL', 'upperReview'),
  upperCommittee('RETURN_TO_BASE', 'upperReview'),
  // The machine guards the count too; hiding the button once the appeals are used up is for portals.
  {
    ...branch('APPEAL', ['published']),
    when: (context) => context.appeals.length < context.policy.maxAppeals,
  },
  upperCommittee('UPHOLD_RESULT', 'appeal'),
  upperCommittee('AMEND_RESULT', 'appeal'),
];

// ---------------------------------------------------------------- version 2

/** v2: the base standing committee decides; its decision is signed by title (signing.ts). */
const baseDecides = (event: string): Rule => ({ ...baseCommittee(event), signs: {} });
const upperApproves = (event: string): Rule => ({ ...upperCommittee(event, 'upperApproval'), signs: {} });

/** v2: an appeal goes to the level above the one that decided. */
const appealDecided = (event: string): Rule[] => [
  { ...upperCommittee(event, 'appeal'), when: (context) => context.decidedBy !== 'upper' },
  {
    event,
    states: ['appeal'],
    role: 'upperStanding',
    of: 'upper',
    at: 'levelAbove',
    signsForCommittee: true,
    when: (context) => context.decidedBy === 'upper',
  },
];

export const branchReviewPermissionsV2: Rule[] = [
  ...branchWork.map(([event, states]) => branch(event, states)),
  ...branchWork.map(([event, states]) => baseSecretaryWhenOverdue(event, states)),
  baseCommittee('RETURN_TO_BRANCH'),
  baseDecides('DECIDE_LEVEL'),
  upperApproves('APPROVE_TOP_RATING'),
  upperApproves('REJECT_TOP_RATING'),
  {
    ...branch('APPEAL', ['published']),
    when: (context) => context.appeals.length < context.policy.maxAppeals,
  },
  ...appealDecided('UPHOLD_RESULT'),
  ...appealDecided('AMEND_RESULT'),
];

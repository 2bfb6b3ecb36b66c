import type { PermissionRule, StartRule } from '../../define-workflow.ts';
import type { TransferContext } from './machine.ts';

type Rule = PermissionRule<TransferContext>;

const member = (event: string, states: string[]): Rule => ({
  event,
  states,
  role: 'member',
  subjectOnly: true,
});

/**
 * A member asks for their own transfer, from the branch they belong to, or their branch secretary
 * files it for them.
 */
export const transferStart: StartRule<TransferContext>[] = [
  { role: 'member', subjectOnly: true, of: 'sourceBranch' },
  { role: 'branchSecretary', of: 'sourceBranch', at: 'own' },
];

export const transferPermissions: Rule[] = [
  member('SUBMIT', ['requested']),
  member('WITHDRAW', ['requested', 'sourceBranch', 'sourceBase']),
  { event: 'SUBMIT', states: ['requested'], role: 'branchSecretary', of: 'sourceBranch', at: 'own' },
  // The source branch confirms with its comment in the member book and the dues paid.
  { event: 'CONFIRM', states: ['sourceBranch'], role: 'branchSecretary', of: 'sourceBranch', at: 'own' },
  { event: 'REJECT', states: ['sourceBranch'], role: 'branchSecretary', of: 'sourceBranch', at: 'own' },
  // The source base (directly above the branch) issues the referral. A cadre's referral is signed
  // by the secretary or a deputy ("KT."); an ordinary member's by the standing committee ("TM.").
  {
    event: 'ISSUE_REFERRAL',
    states: ['sourceBase'],
    role: 'baseSecretary',
    of: 'sourceBranch',
    at: 'levelAbove',
  },
  {
    event: 'ISSUE_REFERRAL',
    states: ['sourceBase'],
    role: 'baseStanding',
    of: 'sourceBranch',
    at: 'levelAbove',
    signsForCommittee: true,
    when: (context) => !context.memberIsCadre,
  },
  {
    event: 'RETURN_TO_BRANCH',
    states: ['sourceBase'],
    role: 'baseStanding',
    of: 'sourceBranch',
    at: 'levelAbove',
    signsForCommittee: true,
  },
  {
    event: 'REISSUE',
    states: ['referralExpired'],
    role: 'baseSecretary',
    of: 'sourceBranch',
    at: 'levelAbove',
  },
  {
    event: 'CANCEL',
    states: ['referralExpired'],
    role: 'baseSecretary',
    of: 'sourceBranch',
    at: 'levelAbove',
  },
  member('CANCEL', ['referralExpired']),
  member('PRESENT_REFERRAL', ['inTransit']),
  {
    event: 'PRESENT_REFERRAL',
    states: ['inTransit'],
    role: 'baseStanding',
    of: 'destinationBase',
    at: 'own',
  },
  // The receiving base accepts or returns; once overdue, the level above may act in its place.
  {
    event: 'ACCEPT',
    states: ['destinationBase'],
    role: 'baseStanding',
    of: 'destinationBase',
    at: 'own',
    signsForCommittee: true,
  },
  {
    event: 'RETURN_TO_SOURCE',
    states: ['destinationBase'],
    role: 'baseStanding',
    of: 'destinationBase',
    at: 'own',
    signsForCommittee: true,
  },
  {
    event: 'ACCEPT',
    states: ['destinationBase'],
    role: 'upperStanding',
    of: 'destinationBase',
    at: 'levelAbove',
    signsForCommittee: true,
    when: (context) => context.escalated,
  },
  {
    event: 'RETURN_TO_SOURCE',
    states: ['destinationBase'],
    role: 'upperStanding',
    of: 'destinationBase',
    at: 'levelAbove',
    signsForCommittee: true,
    when: (context) => context.escalated,
  },
  {
    event: 'ASSIGN_BRANCH',
    states: ['branchAssignment'],
    role: 'baseStanding',
    of: 'destinationBase',
    at: 'own',
    signsForCommittee: true,
  },
  {
    event: 'ACKNOWLEDGE',
    states: ['awaitingAcknowledgement'],
    role: 'branchSecretary',
    of: 'destinationBranch',
    at: 'own',
  },
  {
    event: 'YEAR_END_COMMENT',
    states: ['participating'],
    role: 'branchSecretary',
    of: 'destinationBranch',
    at: 'own',
  },
];

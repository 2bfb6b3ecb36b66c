import type { PermissionRule, StartRule } from '../../../define-workflow.ts';
import type { TransferContextV2 } from './machine.ts';

type Rule = PermissionRule<TransferContextV2>;

const member = (event: string, states: string[]): Rule => ({
  event,
  states,
  role: 'member',
  subjectOnly: true,
});
const sourceBase = { of: 'sourceBranch', at: 'levelAbove' } as const;
const destinationBase = { of: 'destinationBase', at: 'own' } as const;
/** A paper the base issues: "TM. BAN THƯỜNG VỤ" by the Bí thư (or a Phó Bí thư by policy), "KT." by a deputy. */
const signed = { signs: {} } as const;

export const transferStartV2: StartRule<TransferContextV2>[] = [
  { role: 'member', subjectOnly: true },
  { role: 'branchSecretary', of: 'sourceBranch', at: 'own' },
];

export const transferPermissionsV2: Rule[] = [
  member('SUBMIT', ['requested']),
  member('WITHDRAW', ['requested', 'sourceBranch', 'sourceBase']),
  { event: 'SUBMIT', states: ['requested'], role: 'branchSecretary', of: 'sourceBranch', at: 'own' },
  // The source branch comments and confirms the dues; it cannot refuse the move.
  { event: 'CONFIRM', states: ['sourceBranch'], role: 'branchSecretary', of: 'sourceBranch', at: 'own' },
  // The source base decides: it issues the referral, or refuses with its reasons, signed.
  { event: 'ISSUE_REFERRAL', states: ['sourceBase'], role: 'baseSecretary', ...sourceBase, ...signed },
  { event: 'REJECT', states: ['sourceBase'], role: 'baseSecretary', ...sourceBase, ...signed },
  {
    event: 'RETURN_TO_BRANCH',
    states: ['sourceBase'],
    role: 'baseStanding',
    ...sourceBase,
    signsForCommittee: true,
  },
  { event: 'REISSUE', states: ['referralExpired'], role: 'baseSecretary', ...sourceBase, ...signed },
  { event: 'CANCEL', states: ['referralExpired'], role: 'baseSecretary', ...sourceBase },
  member('CANCEL', ['referralExpired']),
  member('PRESENT_REFERRAL', ['inTransit']),
  { event: 'PRESENT_REFERRAL', states: ['inTransit'], role: 'baseStanding', ...destinationBase },
  // The receiving base accepts or returns; once overdue, the level above may act in its place.
  {
    event: 'ACCEPT',
    states: ['destinationBase'],
    role: 'baseStanding',
    ...destinationBase,
    signsForCommittee: true,
  },
  {
    event: 'RETURN_TO_SOURCE',
    states: ['destinationBase'],
    role: 'baseStanding',
    ...destinationBase,
    signsForCommittee: true,
  },
  ...(['ACCEPT', 'RETURN_TO_SOURCE'] as const).map((event): Rule => ({
    event,
    states: ['destinationBase'],
    role: 'upperStanding',
    of: 'destinationBase',
    at: 'levelAbove',
    signsForCommittee: true,
    when: (context) => context.escalated,
  })),
  {
    event: 'ASSIGN_BRANCH',
    states: ['branchAssignment'],
    role: 'baseStanding',
    ...destinationBase,
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
  // At the end of a temporary stay the host base extends it, or the host branch sends the member
  // home with its comment.
  {
    event: 'EXTEND_STAY',
    states: ['stayEnding'],
    role: 'baseStanding',
    ...destinationBase,
    signsForCommittee: true,
  },
  {
    event: 'RETURN_HOME',
    states: ['stayEnding'],
    role: 'branchSecretary',
    of: 'destinationBranch',
    at: 'own',
  },
  // The home branch takes the host's comment into the member's classification.
  {
    event: 'RECORD_COMMENT',
    states: ['commentAtHome'],
    role: 'branchSecretary',
    of: 'sourceBranch',
    at: 'own',
  },
];

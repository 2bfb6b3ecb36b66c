import type { PermissionRule, StartRule } from '@doanflow/engine';
import type { RegistrationContext } from './machine.ts';

type Rule = PermissionRule<RegistrationContext>;

const undecided = [
  'registration.baseEndorsement',
  'registration.secretariatConfirmation',
  'registration.waitlisted',
];

/**
 * A branch secretary (or a deputy, who then signs "KT.") registers themself, for their own branch.
 * `of: 'branch'` names a key of `units()` below; `at: 'own'` means the role is held at that unit.
 */
export const registrationStart: StartRule<RegistrationContext>[] = [
  {
    role: 'branchSecretary',
    of: 'branch',
    at: 'own',
    when: (context, actor) => actor === null || actor.personId === context.participantId,
  },
];

/** Who may send which event in which state: the whole access policy of the workflow. */
export const registrationPermissions: Rule[] = [
  // The base standing committee directly above the branch endorses, signing for the committee (TM.).
  {
    event: 'ENDORSE',
    states: ['registration.baseEndorsement'],
    role: 'baseStanding',
    of: 'branch',
    at: 'levelAbove',
    signsForCommittee: true,
  },
  {
    event: 'DECLINE',
    states: ['registration.baseEndorsement'],
    role: 'baseStanding',
    of: 'branch',
    at: 'levelAbove',
    signsForCommittee: true,
  },
  // The organiser's secretariat keeps the roster: seats and the waiting list.
  ...(['CONFIRM_SEAT', 'REFUSE'] as const).map((event): Rule => ({
    event,
    states: ['registration.secretariatConfirmation', 'registration.waitlisted'],
    role: 'secretariat',
    of: 'organiser',
    at: 'own',
  })),
  {
    event: 'WAITLIST',
    states: ['registration.secretariatConfirmation'],
    role: 'secretariat',
    of: 'organiser',
    at: 'own',
  },
  // After the course, the organiser's course officer (a role of this workflow: labels.ts) records
  // attendance and certifies.
  ...(['RECORD_ATTENDANCE', 'MARK_ABSENT'] as const).map((event): Rule => ({
    event,
    states: ['confirmed'],
    role: 'courseOfficer',
    of: 'organiser',
    at: 'own',
  })),
  { event: 'CERTIFY', states: ['attended'], role: 'courseOfficer', of: 'organiser', at: 'own' },
  // Only the registrant may withdraw, until the course has happened.
  { event: 'WITHDRAW', states: [...undecided, 'confirmed'], role: 'member', subjectOnly: true },
];

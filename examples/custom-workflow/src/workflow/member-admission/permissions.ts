import type { PermissionRule, StartRule } from '@doanflow/engine';
import { introducersStillOwing, type AdmissionContext } from './machine.ts';

type Rule = PermissionRule<AdmissionContext>;

/** The branch secretary (or a deputy, signing "KT.") files the request for their own branch. */
export const admissionStart: StartRule<AdmissionContext>[] = [{ role: 'branchSecretary', of: 'branch' }];

export const admissionPermissions: Rule[] = [
  // Addressed to the two members the request names, not to a role at a unit: each confirms in their
  // own name, their task closes when they do, and nobody else (not even the branch's secretary) may.
  {
    event: 'CONFIRM_INTRODUCTION',
    states: ['preparation.introductions.awaitingIntroducers'],
    role: 'introducer',
    persons: introducersStillOwing,
  },
  // The branch secretary records the branch meeting's vote.
  {
    event: 'RECORD_BRANCH_VOTE',
    states: ['preparation.branchMeeting.awaitingVote'],
    role: 'branchSecretary',
    of: 'branch',
  },
  // The base standing committee directly above the branch decides, signing for the committee (TM.).
  ...(['ADMIT', 'REJECT'] as const).map((event): Rule => ({
    event,
    states: ['baseDecision'],
    role: 'baseStanding',
    of: 'branch',
    at: 'levelAbove',
    signsForCommittee: true,
  })),
];

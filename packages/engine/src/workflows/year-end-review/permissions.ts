import type { PermissionRule, StartRule } from '../../define-workflow.ts';
import type { YearEndReviewContext } from './machine.ts';

type Rule = PermissionRule<YearEndReviewContext>;

const asMember = (context: YearEndReviewContext) => context.as === 'member';
const asCadre = (context: YearEndReviewContext) => context.as === 'cadre';

/**
 * A member is classified at their branch and the đoàn cơ sở's standing committee recognises the
 * rating; a cadre is reviewed where they work and its standing secretaries (Thường trực) decide.
 */
const deciders = [
  { role: 'baseStanding', of: 'unit', at: 'levelAbove', when: asMember, signsForCommittee: true },
  { role: 'standingSecretary', of: 'unit', at: 'own', when: asCadre, signsForCommittee: true },
] as const satisfies readonly StartRule<YearEndReviewContext>[];
/** The decision is the committee's, signed by title: "TM." by the Bí thư, "KT." by a Phó Bí thư. */
const signed = { signs: {} } as const;

export const yearEndReviewStart: StartRule<YearEndReviewContext>[] = [
  { role: 'branchSecretary', of: 'unit', at: 'own', when: asMember },
  ...deciders,
];

export const yearEndReviewPermissions: Rule[] = [
  {
    event: 'SUBMIT_SELF_ASSESSMENT',
    states: ['selfAssessment'],
    role: 'member',
    subjectOnly: true,
    when: asMember,
  },
  {
    event: 'SUBMIT_SELF_ASSESSMENT',
    states: ['selfAssessment'],
    role: 'cadre',
    subjectOnly: true,
    when: asCadre,
  },
  ...deciders.flatMap((decider): Rule[] => [
    { event: 'DECIDE', states: ['decision'], ...decider, ...signed },
    { event: 'RETURN', states: ['decision'], ...decider },
  ]),
];

import type { PermissionRule, StartRule } from '../../define-workflow.ts';
import type { FieldVisitContext } from './context.ts';

type Rule = PermissionRule<FieldVisitContext>;

const TRIP = 'year.quarter.trip';

/** The cadre's own acts: registering the plan, the visits themselves, the report. */
const cadre = (event: string, states: string[]): Rule => ({
  event,
  states,
  role: 'cadre',
  subjectOnly: true,
});

/** An officer of the cadre's own union body (its department head or standing secretaries). */
const officer = (event: string, states: string[], role: string, committee = false): Rule => ({
  event,
  states,
  role,
  of: 'cadreUnit',
  at: 'own',
  ...(committee ? { signsForCommittee: true } : {}),
});

const exemptionPending = (context: FieldVisitContext) => context.exemptionRequest !== null;

/** The cadre opens their own year, or the head of department assigns it ("phân công"). */
export const fieldVisitStart: StartRule<FieldVisitContext>[] = [
  { role: 'cadre', subjectOnly: true, of: 'cadreUnit' },
  { role: 'departmentHead', of: 'cadreUnit', at: 'own' },
  { role: 'standingSecretary', of: 'cadreUnit', at: 'own' },
];

export const fieldVisitPermissions: Rule[] = [
  cadre('SUBMIT_PLAN', ['year.quarter.planning']),
  // The head of department checks the plan; the standing secretaries sign the travel order "TM.".
  officer('APPROVE_PLAN', ['year.quarter.headReview'], 'departmentHead'),
  officer('RETURN_PLAN', ['year.quarter.headReview'], 'departmentHead'),
  officer('RETURN_PLAN', ['year.quarter.standingApproval'], 'standingSecretary'),
  officer('ISSUE_TRAVEL_ORDER', ['year.quarter.standingApproval'], 'standingSecretary', true),
  // The host unit confirms or declines the trip it would receive.
  { event: 'HOST_CONFIRM', states: [`${TRIP}.scheduled`], role: 'host', of: 'hostUnit', at: 'own' },
  { event: 'HOST_DECLINE', states: [`${TRIP}.scheduled`], role: 'host', of: 'hostUnit', at: 'own' },
  cadre('CANCEL_TRIP', [`${TRIP}.scheduled`, `${TRIP}.hostConfirmed`, `${TRIP}.preparing`]),
  cadre('LOG_PREPARATION', [`${TRIP}.hostConfirmed`, `${TRIP}.preparing`]),
  cadre('START_VISIT', [`${TRIP}.preparing`]),
  cadre('END_VISIT', [`${TRIP}.onSite`]),
  cadre('SUBMIT_REPORT', [`${TRIP}.reporting`]),
  officer('ACCEPT_REPORT', [`${TRIP}.reportReview`], 'departmentHead'),
  officer('RETURN_REPORT', [`${TRIP}.reportReview`], 'departmentHead'),
  // Exemption: the cadre files the grounds; the standing committee decides ("TM.").
  cadre('REQUEST_EXEMPTION', ['year']),
  { ...officer('GRANT_EXEMPTION', ['year'], 'standingSecretary', true), when: exemptionPending },
  { ...officer('REFUSE_EXEMPTION', ['year'], 'standingSecretary', true), when: exemptionPending },
];

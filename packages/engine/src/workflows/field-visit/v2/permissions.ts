import type { PermissionRule } from '../../../define-workflow.ts';
import { fieldVisitPermissions } from '../permissions.ts';
import type { FieldVisitContextV2 } from './rules.ts';

type Rule = PermissionRule<FieldVisitContextV2>;
const TRIP = 'year.quarter.trip';
const cadre = (event: string, states: string[]): Rule => ({
  event,
  states,
  role: 'cadre',
  subjectOnly: true,
});
const head = (event: string): Rule => ({
  event,
  states: ['year'],
  role: 'departmentHead',
  of: 'cadreUnit',
  at: 'own',
  when: (context) => Object.values(context.trips).some((trip) => trip.status === 'pendingApproval'),
});

/**
 * v1's table, with the travel order signed by title ("TM." by the Bí thư, or a Phó Bí thư where the
 * policy allows; "KT." by a Phó Bí thư), arrival straight after the host's confirmation where no
 * "đi trước" is owed, the choice of the next trip, and unplanned trips.
 */
export const fieldVisitPermissionsV2: Rule[] = [
  ...(fieldVisitPermissions as unknown as Rule[]).map((rule) =>
    rule.event === 'ISSUE_TRAVEL_ORDER'
      ? { event: rule.event, states: rule.states, role: rule.role, of: rule.of, at: rule.at, signs: {} }
      : rule.event === 'START_VISIT'
        ? { ...rule, states: [`${TRIP}.hostConfirmed`, `${TRIP}.preparing`] }
        : rule,
  ),
  cadre('CHOOSE_NEXT_TRIP', [`${TRIP}.scheduled`]),
  cadre('REGISTER_UNPLANNED_TRIP', ['year']),
  head('APPROVE_UNPLANNED_TRIP'),
  head('REFUSE_UNPLANNED_TRIP'),
];

import { vietnamCalendar } from '../calendar/calendar.ts';
import { allowedEvents } from '../allowed-events.ts';
import type { ActingForm } from '../define-workflow.ts';
import { person } from '../permissions.ts';
import type { InstanceDriver } from './harness.ts';

/** For each event: who of the people asked may send it now, with the forms they may act in. */
export type PermissionMatrix = Record<string, Record<string, ActingForm[]>>;

/**
 * The permission matrix of an instance where it stands: for each event named, the people who may
 * send it now and in which forms ("self", "TM.", "KT."), those who may not left out. One call
 * states a step's whole rule, so a test reads as the table it checks:
 * `expect(permissionMatrix(d, people, ['DECIDE_AWARDS'])).toEqual({ DECIDE_AWARDS: { 'p-ha': ['TM'] } })`.
 */
export function permissionMatrix(
  driver: InstanceDriver,
  people: readonly string[],
  events: readonly string[],
): PermissionMatrix {
  const matrix: PermissionMatrix = Object.fromEntries(events.map((event) => [event, {}]));
  for (const personId of people) {
    const allowed = allowedEvents(
      driver.definition,
      driver.snapshot,
      person(personId),
      driver.directory,
      driver.clock.now(),
      vietnamCalendar,
    );
    for (const event of allowed) {
      const row = matrix[event.type];
      if (row) row[personId] = event.acting;
    }
  }
  return matrix;
}

/** Who of the people asked may send one event now (the matrix's row without the forms). */
export const whoMay = (driver: InstanceDriver, people: readonly string[], event: string): string[] =>
  Object.keys(permissionMatrix(driver, people, [event])[event]!);

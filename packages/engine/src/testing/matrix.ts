import { vietnamCalendar } from '../calendar/calendar.ts';
import { allowedEvents } from '../allowed-events.ts';
import type { ActingForm, AnyWorkflowDefinition } from '../define-workflow.ts';
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

/** One row of a workflow's refusal table: an event in a state, and who must be refused it. */
export interface RefusalRow {
  event: string;
  state: string;
  payload?: object;
  /** Holds no role the event needs. */
  wrongRole: string;
  /** Holds the role, at another unit. */
  wrongUnit?: string | undefined;
  /** An officer who may send it, made the subject of the request: refused for the conflict of interest. */
  conflicted?: string | undefined;
}

/** One refusal a table asks for; `subject` is who the instance must be about (for the conflict). */
export interface RefusalCase<R extends RefusalRow> {
  row: R;
  event: string;
  state: string;
  personId: string;
  reason: 'role' | 'unit' | 'conflict_of_interest';
  subject: string | null;
}

/**
 * Every refusal a workflow's table asks for, one case per person and reason, for `it.each`: each
 * version of a workflow states its rows, and one test body checks them all.
 */
export function refusalCases<R extends RefusalRow>(rows: readonly R[]): RefusalCase<R>[] {
  return rows.flatMap((row) => {
    const at = { row, event: row.event, state: row.state };
    return [
      { ...at, personId: row.wrongRole, reason: 'role' as const, subject: null },
      ...(row.wrongUnit ? [{ ...at, personId: row.wrongUnit, reason: 'unit' as const, subject: null }] : []),
      ...(row.conflicted
        ? [
            {
              ...at,
              personId: row.conflicted,
              reason: 'conflict_of_interest' as const,
              subject: row.conflicted,
            },
          ]
        : []),
    ];
  });
}

/** The events a person may ever send (no timer, no link): a refusal table has a row for each. */
export const personEvents = (definition: AnyWorkflowDefinition): string[] =>
  Object.entries(definition.events)
    .filter(([, spec]) => !spec.timer && !spec.link)
    .map(([type]) => type)
    .sort();

/** The events subject to the conflict-of-interest rule: a table names a conflicted officer for each. */
export const decisionEvents = (definition: AnyWorkflowDefinition): string[] =>
  Object.entries(definition.events)
    .filter(([, spec]) => spec.decision)
    .map(([type]) => type)
    .sort();

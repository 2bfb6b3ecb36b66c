import type { AnyMachineSnapshot } from 'xstate';
import { localDate, type WorkingCalendar } from './calendar/calendar.ts';
import type { AnyWorkflowDefinition, UnitRelation } from './define-workflow.ts';
import type { OrgDirectory } from './directory.ts';
import type { PendingTimer } from './effects.ts';
import { matchesStatePath, ruleUnit } from './permissions.ts';

/**
 * An open work item: who may act (a role at a unit, or one person) and on which events, with the
 * due time. The server keeps one row per task for the inbox; a portal shows them as to-dos.
 */
export interface Task {
  instanceId: string;
  workflowId: string;
  version: number;
  state: string;
  role: string;
  /** The unit the role must be held at (after mergers); null when the task is for one person. */
  unitId: string | null;
  /** Whether holders of the role at any unit above `unitId` may also act. */
  orAbove: boolean;
  /**
   * Set when only this person may act: the subject (a member confirming their own transfer), or one
   * of the people the context names (an introducer confirming a new member).
   */
  personId: string | null;
  relation: UnitRelation | 'subject' | 'named';
  events: string[];
  due: string | null;
}

export interface TaskScope {
  instanceId: string;
  workflowId: string;
  version: number;
  state: string;
  timers: readonly PendingTimer[];
  lapsed?: readonly PendingTimer[];
}

/** The open tasks of a snapshot, computed against the directory in force at `now`. */
export function computeTasks(
  definition: AnyWorkflowDefinition,
  machineSnapshot: AnyMachineSnapshot,
  scope: TaskScope,
  directory: OrgDirectory,
  now: string,
  calendar: WorkingCalendar,
): Task[] {
  if (machineSnapshot.status !== 'active') return [];
  const on = localDate(now, calendar);
  const context = machineSnapshot.context;
  const subject = definition.subject(context);
  // The earliest deadline still pending, or else one that lapsed in this state (still owed).
  const dueOf = (timers: readonly PendingTimer[] = []) =>
    timers
      .filter((timer) => timer.kind === 'deadline' || timer.kind === 'escalation')
      .map((timer) => timer.due)
      .sort()[0];
  const due = dueOf(scope.timers) ?? dueOf(scope.lapsed) ?? null;
  const byKey = new Map<string, Task>();
  const add = (
    role: string,
    unitId: string | null,
    personId: string | null,
    relation: Task['relation'],
    event: string,
  ) => {
    const key = `${role}|${unitId}|${personId}|${relation}`;
    const task = byKey.get(key);
    if (task) {
      if (!task.events.includes(event)) task.events.push(event);
      return;
    }
    byKey.set(key, {
      instanceId: scope.instanceId,
      workflowId: scope.workflowId,
      version: scope.version,
      state: scope.state,
      role,
      unitId,
      orAbove: relation === 'anyAncestor',
      personId,
      relation,
      events: [event],
      due,
    });
  };
  for (const rule of definition.permissions) {
    if (!rule.states.some((path) => matchesStatePath(machineSnapshot, path))) continue;
    if (definition.events[rule.event]?.optional) continue;
    if (rule.persons) {
      // One task per named person still owing the act, addressed to them alone.
      for (const personId of new Set(rule.persons(context))) {
        if (personId && (!rule.when || rule.when(context, { personId })))
          add(rule.role, null, personId, 'named', rule.event);
      }
      continue;
    }
    if (rule.when && !rule.when(context, null)) continue;
    const relation: Task['relation'] = rule.subjectOnly ? 'subject' : (rule.at ?? 'own');
    const unitId = rule.subjectOnly ? null : ruleUnit(rule, { definition, context, directory, on });
    const personId = rule.subjectOnly ? (subject.personId ?? null) : null;
    if (!rule.subjectOnly && !unitId) continue;
    add(rule.role, unitId, personId, relation, rule.event);
  }
  return [...byKey.values()];
}

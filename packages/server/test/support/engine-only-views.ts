import { createHash } from 'node:crypto';
import {
  localDate,
  roleLabel,
  type AnyWorkflowDefinition,
  type HistoryEntry,
  type InstanceSnapshot,
  type OrgDirectory,
  type Task,
} from '@doanflow/engine';
import type { HistoryView, TaskView } from '../../src/runner/contract.ts';

/** How EngineOnlyRuntime presents engine records as the contract's views. */
const roleWords = (role: string, definition: AnyWorkflowDefinition) =>
  roleLabel(role, definition.roles) ?? { vi: role, en: role };

export function historyView(
  org: OrgDirectory,
  definition: AnyWorkflowDefinition,
  entry: HistoryEntry,
  prevHash: string | null,
): HistoryView {
  const on = localDate(entry.at);
  const hash = createHash('sha256')
    .update(`${prevHash ?? ''}${JSON.stringify(entry)}`)
    .digest('hex');
  return {
    ...entry,
    actor: {
      ...entry.actor,
      roleLabel: roleWords(entry.actor.role, definition),
      name: entry.actor.personId ? (org.person(entry.actor.personId)?.name ?? null) : null,
      unitName: entry.actor.unitId ? (org.resolveUnit(entry.actor.unitId, on)?.name ?? null) : null,
    },
    acting: entry.actor.acting,
    hash,
    prevHash,
  };
}

export function taskView(
  org: OrgDirectory,
  now: Date,
  definition: AnyWorkflowDefinition,
  snapshot: InstanceSnapshot,
  task: Task,
): TaskView {
  const subject = definition.subject(snapshot.machine.context as never).personId ?? null;
  return {
    instanceId: task.instanceId,
    workflowId: task.workflowId,
    state: task.state,
    stateLabel: definition.states[task.state] ?? { vi: task.state, en: task.state },
    title: definition.title,
    role: task.role,
    roleLabel: roleWords(task.role, definition),
    unitId: task.unitId,
    unitName: task.unitId ? (org.resolveUnit(task.unitId, localDate(now))?.name ?? null) : null,
    personId: task.personId,
    events: task.events,
    due: task.due,
    overdue: task.due !== null && task.due < now.toISOString(),
    subject: subject ? (org.person(subject)?.name ?? subject) : '',
    updatedAt: snapshot.updatedAt,
  };
}

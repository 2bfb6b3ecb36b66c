import {
  allowedEvents,
  localDate,
  recordKindLabel,
  roleLabel,
  type AnyWorkflowDefinition,
  type Delegation,
  type InstanceSnapshot,
  type Label,
  type Principal,
  type RecordedFact,
  type Task,
} from '@doanflow/engine';
import type { HistoryView, InstanceView, TaskView } from './contract.ts';
import type { DirectoryCache } from './directory-cache.ts';
import { entryOf, isoOf, type HistoryRow, type TaskRow } from './rows.ts';
import { searchText } from '../persistence/search-text.ts';

/** A state's label; parallel states ("a|b") join their parts' labels. */
export function stateLabel(definition: AnyWorkflowDefinition, state: string): Label {
  const parts = state.split('|').map((part) => definition.states[part] ?? { vi: part, en: part });
  return { vi: parts.map((l) => l.vi).join(' | '), en: parts.map((l) => l.en).join(' | ') };
}

export function subjectName(
  definition: AnyWorkflowDefinition,
  snapshot: InstanceSnapshot,
  cache: DirectoryCache,
): string {
  const subject = definition.subject(snapshot.machine.context as never);
  const personId = subject.personId ?? null;
  return cache.personName(personId) ?? subject.name ?? personId ?? '';
}

/** Engine tasks as rows of the inbox table, with their folded search text. */
export function taskRows(
  definition: AnyWorkflowDefinition,
  snapshot: InstanceSnapshot,
  tasks: readonly Task[],
  cache: DirectoryCache,
): TaskRow[] {
  const title = definition.title;
  const label = stateLabel(definition, snapshot.state);
  const subject = subjectName(definition, snapshot, cache);
  const on = localDate(snapshot.updatedAt);
  return tasks.map((task) => {
    const role = roleLabel(task.role, definition.roles);
    return {
      instance_id: task.instanceId,
      workflow_id: task.workflowId,
      version: task.version,
      state: task.state,
      role: task.role,
      unit_id: task.unitId,
      unit_path: cache.unitPath(task.unitId, on),
      or_above: task.orAbove,
      person_id: task.personId,
      relation: task.relation,
      events: task.events,
      due: task.due,
      subject,
      search: searchText(
        title.vi,
        title.en,
        label.vi,
        label.en,
        subject,
        cache.unitName(task.unitId, on),
        task.role,
        role?.vi,
        role?.en,
      ),
      updated_at: snapshot.updatedAt,
    };
  });
}

/** A role's words for the wire: the workflow's, the Union's, or the id itself. */
const roleWords = (role: string, definition: AnyWorkflowDefinition | undefined): Label =>
  roleLabel(role, definition?.roles) ?? { vi: role, en: role };

export function taskView(
  definition: AnyWorkflowDefinition | undefined,
  row: TaskRow,
  cache: DirectoryCache,
  now: Date,
): TaskView {
  const due = isoOf(row.due);
  const fallback = { vi: row.workflow_id, en: row.workflow_id };
  return {
    instanceId: row.instance_id,
    workflowId: row.workflow_id,
    state: row.state,
    stateLabel: definition ? stateLabel(definition, row.state) : { vi: row.state, en: row.state },
    title: definition?.title ?? fallback,
    role: row.role,
    roleLabel: roleWords(row.role, definition),
    unitId: row.unit_id,
    unitName: cache.unitName(row.unit_id, localDate(now)),
    personId: row.person_id,
    events: row.events,
    due,
    overdue: due !== null && due < now.toISOString(),
    subject: row.subject,
    updatedAt: isoOf(row.updated_at)!,
    ...(row.revision !== undefined ? { revision: row.revision } : {}),
  };
}

/** Names for every string in a summary (at any depth) that is a person's or a unit's id. */
function namesIn(
  summary: Record<string, unknown>,
  cache: DirectoryCache,
  on: string,
): Record<string, string> {
  const names: Record<string, string> = {};
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      const name = cache.personName(value) ?? cache.unitName(value, on);
      if (name && name !== value) names[value] = name;
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit(summary);
  return names;
}

export function instanceView(input: {
  definition: AnyWorkflowDefinition;
  snapshot: InstanceSnapshot;
  revision: number;
  orgUnitId: string | null;
  createdAt: string;
  tasks: TaskRow[];
  principal: Principal;
  cache: DirectoryCache;
  now: Date;
  /** Delegations naming the principal as delegate: their buttons on the holder's tasks. */
  delegations?: readonly Delegation[];
}): InstanceView {
  const { definition, snapshot, cache, now } = input;
  const context = snapshot.machine.context as never;
  const summary = definition.summary?.(context) ?? {};
  return {
    id: snapshot.instanceId,
    workflowId: snapshot.workflowId,
    version: snapshot.version,
    title: definition.title,
    state: snapshot.state,
    stateLabel: stateLabel(definition, snapshot.state),
    status: snapshot.status,
    revision: input.revision,
    orgUnitId: input.orgUnitId ?? '',
    summary,
    names: namesIn(summary, cache, localDate(now)),
    tasks: input.tasks.map((row) => taskView(definition, row, cache, now)),
    allowedEvents: allowedEvents(
      definition,
      snapshot,
      input.principal,
      cache.directory,
      now,
      undefined,
      input.delegations,
    ),
    timers: snapshot.timers,
    createdAt: isoOf(input.createdAt)!,
    updatedAt: snapshot.updatedAt,
  };
}

export function historyView(
  row: HistoryRow,
  cache: DirectoryCache,
  definition: AnyWorkflowDefinition | undefined,
): HistoryView {
  const entry = entryOf(row);
  const on = localDate(entry.at);
  return {
    ...entry,
    actor: {
      ...entry.actor,
      roleLabel: roleWords(entry.actor.role, definition),
      ...(entry.actor.onBehalfOf ? { onBehalfOfName: cache.personName(entry.actor.onBehalfOf) } : {}),
      name: cache.personName(entry.actor.personId),
      unitName: cache.unitName(entry.actor.unitId, on),
    },
    acting: entry.actor.acting,
    ...(Array.isArray(entry.facts?.['record'])
      ? { recordRead: (entry.facts['record'] as RecordedFact[]).map(labelledFact) }
      : {}),
    hash: row.hash,
    prevHash: row.prev_hash,
  };
}

/** A fact of a record as a step read it, its kind in words. */
const labelledFact = ({ kind, key, data, source, recordedAt }: RecordedFact) => ({
  kind,
  label: recordKindLabel(kind),
  key,
  data,
  source,
  recordedAt,
});

import {
  localDate,
  type AnyWorkflowDefinition,
  type Effect,
  type PendingTimer,
  type StepResult,
} from '@doanflow/engine';
import { entryHash } from '../persistence/hash-chain.ts';
import type { ChangeEvent } from './contract.ts';
import type { DirectoryCache } from './directory-cache.ts';
import { historyRow, type InstanceRow, type TimerRow } from './rows.ts';
import type { LinkRow, StepWrite } from './step-writer.ts';
import { taskRows } from './views.ts';
import { instanceUnits } from './visibility.ts';

/** What leaves after commit: BullMQ wake-ups, the change announcement, links to deliver. */
export interface AfterCommit {
  schedule: PendingTimer[];
  cancel: string[];
  change: ChangeEvent;
  /** The step wrote links: the link delivery has work. */
  linked?: boolean;
}

export interface BuiltStep {
  write: StepWrite;
  after: AfterCommit;
}

/** Turns an engine step into the rows of one write statement and the effects to run after commit. */
export function buildStep(input: {
  definition: AnyWorkflowDefinition;
  result: StepResult;
  /** `participantIds` is null on a row an older release wrote (housekeeping fills it in). */
  previous: {
    revision: number;
    lastHash: string;
    createdAt: string;
    participantIds: string[] | null;
  } | null;
  cache: DirectoryCache;
}): BuiltStep {
  const { definition, result, previous, cache } = input;
  const { snapshot, entry, effects } = result;
  const at = entry.at;
  const context = snapshot.machine.context as never;
  const on = localDate(at);
  const units = instanceUnits(definition, snapshot, cache, on);
  const subject = definition.subject(context);
  const namedUnits = definition.units(context);
  const subjectUnit = typeof subject.unit === 'string' ? subject.unit : subject.unit?.[0];
  const orgUnitId = (subjectUnit ? namedUnits[subjectUnit] : null) ?? units[0] ?? null;
  const hash = entryHash(previous?.lastHash ?? null, entry);
  // Who is party to the instance: its subject and everyone who ever acted on it.
  const participants = new Set(previous?.participantIds ?? []);
  for (const person of [subject.personId, entry.actor.personId]) if (person) participants.add(person);
  const instance: InstanceRow = {
    id: snapshot.instanceId,
    workflow_id: snapshot.workflowId,
    version: snapshot.version,
    state: snapshot.state,
    status: snapshot.status,
    org_unit_id: orgUnitId,
    unit_ids: units,
    subject_person_id: subject.personId ?? null,
    participant_ids: [...participants].sort(),
    snapshot,
    revision: (previous?.revision ?? 0) + 1,
    last_hash: hash,
    created_at: previous?.createdAt ?? at,
    updated_at: at,
  };
  const tasks = taskRows(definition, snapshot, result.tasks, cache);
  const timers = timerChanges(snapshot.instanceId, effects, entry.timerId, at);
  const change: ChangeEvent = {
    instanceId: snapshot.instanceId,
    workflowId: snapshot.workflowId,
    state: snapshot.state,
    revision: instance.revision,
    // Officers at a unit or above it see its changes: the units' paths, as the inbox reads them.
    unitIds: [
      ...new Set([
        ...units.flatMap((unit) => cache.unitPath(unit, on)),
        ...tasks.flatMap((t) => t.unit_path),
      ]),
    ],
    personIds: [
      ...new Set([...participants, ...tasks.flatMap((task) => (task.person_id ? [task.person_id] : []))]),
    ],
  };
  return {
    write: {
      mode: previous ? 'update' : 'insert',
      instance,
      history: historyRow(snapshot.instanceId, entry, previous?.lastHash ?? null, hash),
      tasks,
      newTimers: timers.rows,
      settledTimers: timers.settled,
      outbox: [
        ...outboxMessages(
          effects,
          change,
          entry.seq,
          entry.type,
          cache,
          at,
          openedTasks(tasks, entry, cache),
        ),
      ],
      attachments: (entry.attachments ?? []).map((file) => ({
        id: file.id,
        instance_id: snapshot.instanceId,
        seq: entry.seq,
        at,
      })),
      links: linkRows(snapshot.instanceId, snapshot.workflowId, entry.seq, effects, at),
      idempotency: null,
    },
    after: {
      schedule: timers.schedule,
      cancel: timers.cancel,
      change,
      linked: effects.some((effect) => effect.type === 'link'),
    },
  };
}

function timerChanges(instanceId: string, effects: Effect[], firedTimerId: string | null, at: string) {
  const scheduled = effects.flatMap((effect) => (effect.type === 'timer.schedule' ? [effect.timer] : []));
  const cancelled = new Set(
    effects.flatMap((effect) => (effect.type === 'timer.cancel' ? [effect.timerId] : [])),
  );
  const scheduledIds = new Set(scheduled.map((timer) => timer.id));
  // A timer scheduled and cancelled by the same step is written already cancelled.
  const rows: TimerRow[] = scheduled.map((timer) => ({
    id: timer.id,
    instance_id: instanceId,
    name: timer.name,
    kind: timer.kind,
    due: timer.due,
    event: timer.event,
    status: cancelled.has(timer.id) ? 'cancelled' : 'pending',
    calendar: timer.calendar?.versions ?? null,
    created_at: at,
    settled_at: cancelled.has(timer.id) ? at : null,
  }));
  const cancel = [...cancelled].filter((id) => !scheduledIds.has(id));
  const settled: StepWrite['settledTimers'] = cancel.map((id) => ({
    id,
    status: 'cancelled',
    settled_at: at,
  }));
  if (firedTimerId) settled.push({ id: firedTimerId, status: 'fired', settled_at: at });
  return { rows, settled, cancel, schedule: scheduled.filter((timer) => !cancelled.has(timer.id)) };
}

/**
 * Tasks this step opened (their state was not current before it), with the people who may act on
 * them today: what the notifier announces. Carried on the step's `instance.changed` message as
 * `opened` (absent when the step opened none), so webhook subscribers get no extra messages.
 */
export interface OpenedTasks {
  actorPersonId: string | null;
  tasks: {
    state: string;
    role: string;
    unitId: string | null;
    due: string | null;
    subject: string;
    recipients: string[];
  }[];
}

function openedTasks(
  tasks: ReturnType<typeof taskRows>,
  entry: StepResult['entry'],
  cache: DirectoryCache,
): OpenedTasks | null {
  const before = new Set((entry.from ?? '').split('|'));
  const opened = tasks.filter((task) => !before.has(task.state));
  if (opened.length === 0) return null;
  const on = localDate(entry.at);
  return {
    actorPersonId: entry.actor.personId ?? null,
    tasks: opened.map((task) => ({
      state: task.state,
      role: task.role,
      unitId: task.unit_id,
      due: task.due,
      subject: task.subject,
      recipients: task.person_id
        ? [task.person_id]
        : task.unit_id
          ? [...new Set(cache.directory.holders(task.role, task.unit_id, on).map((b) => b.personId))]
          : [],
    })),
  };
}

function outboxMessages(
  effects: Effect[],
  change: ChangeEvent,
  seq: number,
  type: string,
  cache: DirectoryCache,
  at: string,
  opened: OpenedTasks | null,
): StepWrite['outbox'] {
  const on = localDate(at);
  const messages: StepWrite['outbox'] = [
    { topic: 'instance.changed', payload: { ...change, seq, event: type, ...(opened ? { opened } : {}) } },
  ];
  // Who this step already tells (the actor; the people its new tasks reach): a notice's mail would
  // repeat the task's, so they are named for the notifier to skip.
  const alreadyTold = opened
    ? [
        ...new Set([
          ...(opened.actorPersonId ? [opened.actorPersonId] : []),
          ...opened.tasks.flatMap((t) => t.recipients),
        ]),
      ]
    : [];
  for (const effect of effects) {
    if (effect.type === 'notify') {
      const to = effect.to;
      let recipients: string[] = [];
      let unitId: string | null = null;
      if ('personId' in to) recipients = to.personId ? [to.personId] : [];
      else if (to.unitId) {
        // "levelAbove" is resolved here, against the directory in force.
        unitId = to.at === 'levelAbove' ? (cache.directory.levelAbove(to.unitId, on)?.id ?? null) : to.unitId;
        recipients = unitId
          ? cache.directory.holders(to.role, unitId, on).map((binding) => binding.personId)
          : [];
      }
      messages.push({
        topic: 'notify',
        payload: {
          instanceId: change.instanceId,
          workflowId: change.workflowId,
          seq,
          message: effect.message,
          to,
          unitId,
          recipients,
          data: effect.data,
          ...(alreadyTold.length > 0 ? { alreadyTold } : {}),
        },
      });
    } else if (effect.type === 'instance.finished') {
      messages.push({
        topic: 'instance.finished',
        payload: { instanceId: change.instanceId, workflowId: change.workflowId, state: effect.state },
      });
    }
  }
  return messages;
}

/** A step's links, as rows written with it; a link to a unit the directory lacks goes nowhere. */
function linkRows(
  instanceId: string,
  workflowId: string,
  seq: number,
  effects: Effect[],
  at: string,
): LinkRow[] {
  return effects.flatMap((effect): LinkRow[] => {
    if (effect.type !== 'link') return [];
    const target =
      'unitId' in effect.to
        ? effect.to.unitId && { kind: 'unit' as const, id: effect.to.unitId }
        : { kind: 'person' as const, id: effect.to.personId };
    if (!target) return [];
    return [
      {
        source_instance_id: instanceId,
        source_workflow_id: workflowId,
        source_seq: seq,
        kind: effect.kind,
        key: effect.key,
        target_kind: target.kind,
        target_id: target.id,
        data: effect.data,
        deliver: effect.deliver,
        created_at: at,
      },
    ];
  });
}

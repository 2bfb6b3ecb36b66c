import { getNextTransitions, type AnyMachineSnapshot } from 'xstate';
import { firstStep, nextStep } from './pure-steps.ts';
import type { z } from 'zod';
import { localDate, vietnamCalendar, type WorkingCalendar } from './calendar/calendar.ts';
import type { ActingForm, AnyWorkflowDefinition } from './define-workflow.ts';
import { canonical } from './canonical.ts';
import { checkAttachments, type AttachmentRef } from './documents.ts';
import type { Delegation } from './delegation.ts';
import type { OrgDirectory } from './directory.ts';
import {
  resolveDue,
  type Effect,
  type NotifyRequest,
  type PendingTimer,
  type TimerRequest,
} from './effects.ts';
import { WorkflowError } from './errors.ts';
import { linkEffect, type LinkRequest, type ServerFacts } from './links.ts';
import {
  authorize,
  inDirectoryOn,
  rulesFor,
  systemAuthority,
  type Authority,
  type Principal,
} from './permissions.ts';
import { restoreMachineSnapshot, stateName, type HistoryEntry, type InstanceSnapshot } from './snapshot.ts';
import { computeTasks, type Task } from './tasks.ts';
import { ownEntry } from './own-key.ts';

export interface Clock {
  now(): Date;
}
export interface IdSource {
  next(): string;
}

/** Everything from outside the engine: who acts, the organisation, the time. */
export interface EngineContext {
  principal: Principal;
  directory: OrgDirectory;
  clock: Clock;
  calendar?: WorkingCalendar;
  /**
   * Delegations naming the principal as delegate (delegation.ts): a decision may be taken on a
   * holder's behalf while one is in force. Starts are never delegated.
   */
  delegations?: readonly Delegation[];
}

export interface StartContext extends EngineContext {
  ids: IdSource;
  /** The deployment's overrides of the workflow's policy defaults. */
  policy?: Record<string, unknown>;
  /** What the server read for this start (a campaign's quota, a unit's record): kept in the history. */
  facts?: ServerFacts;
}

export interface Command {
  type: string;
  payload?: unknown;
  comment?: string | null;
  /** The signing form asked for; inferred from the role binding when absent. */
  acting?: ActingForm;
  /** Set by the server when a durable timer delivers its event. */
  timerId?: string;
  /** Files sent with the event, as the server stored them (id, kind, name, digest, size, type). */
  attachments?: readonly AttachmentRef[];
  /**
   * Set by the server only: what it counted or read for this event in the same transaction (the
   * unit's submitted nominations, the base's ratings). Kept in the history, so replay needs no query.
   */
  facts?: ServerFacts;
}

/** What every machine receives as input. */
export interface MachineInput<TData = unknown, TPolicy = unknown> {
  instanceId: string;
  data: TData;
  policy: TPolicy;
  startedAt: string;
  startedBy: Authority;
  /** What the server supplied at start (absent or empty when nothing). */
  facts?: ServerFacts;
}

/** Attached to every event a machine receives. */
export interface EventMeta {
  seq: number;
  at: string;
  actor: Authority;
  comment: string | null;
  timerId: string | null;
  /** The files sent with the event (empty for most). */
  attachments: readonly AttachmentRef[];
  /** What the server supplied with the event (empty when nothing). */
  facts: ServerFacts;
}

export interface StepResult {
  snapshot: InstanceSnapshot;
  effects: Effect[];
  tasks: Task[];
  entry: HistoryEntry;
}

// The wire's one format for issue paths: property names, and array indices as numbers.
const issuesOf = (error: z.ZodError) =>
  error.issues.map((issue) => ({
    path: issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment))),
    code: issue.code,
    message: issue.message,
  }));

/** Names of a transition's guards, looking inside and()/or()/not() combinations. */
function guardNames(guard: unknown): string[] {
  if (typeof guard === 'string') return [guard];
  const inner = (guard as { guards?: unknown } | null)?.guards;
  if (typeof guard === 'function' && Array.isArray(inner)) return inner.flatMap(guardNames);
  const type = (guard as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? [type] : [];
}

/** Turns the machine's action requests into effects and the new list of pending timers. */
function settle(
  definition: AnyWorkflowDefinition,
  machineSnapshot: AnyMachineSnapshot,
  actions: readonly { type: string; params?: unknown }[],
  prior: {
    timers: PendingTimer[];
    timerSeq: number;
    state?: string;
    lapsed?: PendingTimer[];
    fired?: PendingTimer;
  },
  base: Omit<InstanceSnapshot, 'state' | 'status' | 'machine' | 'timers' | 'timerSeq'>,
  calendar: WorkingCalendar,
): { snapshot: InstanceSnapshot; effects: Effect[] } {
  const effects: Effect[] = [];
  let timers = [...prior.timers];
  let timerSeq = prior.timerSeq;
  const cancel = (name: string) => {
    const pending = timers.find((timer) => timer.name === name);
    if (!pending) return;
    timers = timers.filter((timer) => timer !== pending);
    effects.push({ type: 'timer.cancel', timerId: pending.id, name });
  };
  const units = definition.units(machineSnapshot.context);
  for (const action of actions) {
    if (action.type === 'scheduleTimer') {
      const request = action.params as TimerRequest;
      if (!ownEntry(definition.events, request.event.type)?.timer) {
        throw new WorkflowError(
          'INVALID_DEFINITION',
          `${definition.id}: timer "${request.name}" delivers "${request.event.type}", which is not a timer event`,
        );
      }
      cancel(request.name);
      timerSeq += 1;
      const timer: PendingTimer = {
        id: `t__${base.instanceId}__${timerSeq}`,
        name: request.name,
        kind: request.kind,
        ...resolveDue(request.due, base.updatedAt, calendar),
        event: { type: request.event.type, payload: request.event.payload ?? {} },
      };
      timers.push(timer);
      effects.push({ type: 'timer.schedule', timer });
    } else if (action.type === 'cancelTimer') {
      cancel((action.params as { name: string }).name);
    } else if (action.type === 'notify') {
      const request = action.params as NotifyRequest;
      const to =
        'subject' in request.to
          ? { personId: definition.subject(machineSnapshot.context).personId ?? null }
          : { role: request.to.role, unitId: units[request.to.of] ?? null, at: request.to.at ?? 'own' };
      effects.push({ type: 'notify', message: request.message, to, data: request.data ?? {} });
    } else if (action.type === 'emitLink') {
      effects.push({ type: 'link', ...linkEffect(action.params as LinkRequest, units) });
    }
  }
  const state = stateName(machineSnapshot.value);
  const done = machineSnapshot.status === 'done';
  const owed = prior.fired && (prior.fired.kind === 'deadline' || prior.fired.kind === 'escalation');
  const lapsed =
    done || state !== prior.state ? [] : [...(prior.lapsed ?? []), ...(owed ? [prior.fired!] : [])];
  if (done) {
    for (const timer of timers) effects.push({ type: 'timer.cancel', timerId: timer.id, name: timer.name });
    timers = [];
    effects.push({ type: 'instance.finished', state });
  }
  const persisted = definition.machine.getPersistedSnapshot(
    machineSnapshot,
  ) as unknown as InstanceSnapshot['machine'];
  return {
    // Canonical: the snapshot a store reads back (see canonical.ts) is this one, key order and all.
    snapshot: canonical<InstanceSnapshot>({
      ...base,
      state,
      status: done ? 'done' : 'active',
      machine: { value: persisted.value, context: persisted.context, status: persisted.status },
      timers,
      timerSeq,
      ...(lapsed.length > 0 ? { lapsed } : {}),
    }),
    effects,
  };
}

function resolvePolicy(definition: AnyWorkflowDefinition, overrides: Record<string, unknown> = {}) {
  // `documents` (size limits) is read by the server when files are uploaded (maxBytesOf).
  const { documents: _documents, ...own } = overrides;
  const parsed = definition.policy.safeParse(own);
  if (!parsed.success) {
    throw new WorkflowError('INVALID_DEFINITION', `${definition.id}: policy overrides are not valid`, {
      issues: issuesOf(parsed.error),
    });
  }
  return parsed.data as Record<string, unknown>;
}

function begin(
  definition: AnyWorkflowDefinition,
  instanceId: string,
  data: unknown,
  policy: Record<string, unknown>,
  at: string,
  actor: Authority,
  calendar: WorkingCalendar,
  facts: ServerFacts = {},
) {
  const input: MachineInput = { instanceId, data, policy, startedAt: at, startedBy: actor, facts };
  const [machineSnapshot, actions] = firstStep(definition.machine, input);
  const base = {
    workflowId: definition.id,
    version: definition.version,
    instanceId,
    seq: 0,
    startedAt: at,
    updatedAt: at,
  };
  return {
    machineSnapshot,
    ...settle(definition, machineSnapshot, actions, { timers: [], timerSeq: 0 }, base, calendar),
  };
}

/** Starts an instance: validates the input, checks the starter's authority, enters the first state. */
export function start(
  definition: AnyWorkflowDefinition,
  rawInput: unknown,
  context: StartContext,
): StepResult {
  const calendar = context.calendar ?? vietnamCalendar;
  const parsed = definition.input.safeParse(rawInput);
  if (!parsed.success) {
    throw new WorkflowError('INVALID_INPUT', `the input to start ${definition.id} is not valid`, {
      issues: issuesOf(parsed.error),
    });
  }
  const policy = resolvePolicy(definition, context.policy);
  const at = context.clock.now().toISOString();
  const data = definition.facts
    ? {
        ...(parsed.data as object),
        ...definition.facts(parsed.data, context.directory, localDate(at, calendar)),
      }
    : parsed.data;
  const instanceId = context.ids.next();
  // Authority is checked against the instance as it would start (its units come from the input).
  const facts = context.facts ?? {};
  // The starter's authority is checked against the first state's context; a person's start then
  // enters it again as that person (the machine may record who started it). The trial needs only
  // the machine's snapshot, not its timers, effects or canonical form.
  const system = context.principal.kind === 'system';
  const systemStart = system
    ? begin(definition, instanceId, data, policy, at, systemAuthority, calendar, facts)
    : null;
  const trialContext =
    systemStart?.machineSnapshot.context ??
    firstStep(definition.machine, {
      instanceId,
      data,
      policy,
      startedAt: at,
      startedBy: systemAuthority,
      facts,
    } satisfies MachineInput)[0].context;
  const scope = {
    definition,
    context: trialContext,
    directory: context.directory,
    on: localDate(at, calendar),
  };
  if (
    context.principal.kind === 'person' &&
    !inDirectoryOn(context.directory, context.principal.personId, scope.on)
  ) {
    throw WorkflowError.notAllowed('not_in_directory', 'you are not in the union directory on this day', {
      personId: context.principal.personId,
    });
  }
  const actor =
    context.principal.kind === 'system'
      ? systemAuthority
      : authorize(
          context.principal,
          definition.start.map((rule) => ({ rule, decision: false })),
          scope,
        );
  const { machineSnapshot, snapshot, effects } =
    systemStart ?? begin(definition, instanceId, data, policy, at, actor, calendar, facts);
  const entry: HistoryEntry = {
    seq: 0,
    type: '$start',
    payload: data,
    comment: null,
    at,
    actor,
    timerId: null,
    from: null,
    to: snapshot.state,
    policy,
    ...(Object.keys(facts).length > 0 ? { facts } : {}),
  };
  const tasks = computeTasks(definition, machineSnapshot, snapshot, context.directory, at, calendar);
  return { snapshot, effects, tasks, entry };
}

function step(
  definition: AnyWorkflowDefinition,
  snapshot: InstanceSnapshot,
  machineSnapshot: AnyMachineSnapshot,
  event: { type: string; payload: unknown; meta: EventMeta },
  calendar: WorkingCalendar,
) {
  const [next, actions] = nextStep(definition.machine, machineSnapshot, event);
  const timers = snapshot.timers.filter((timer) => timer.id !== event.meta.timerId);
  const fired = snapshot.timers.find((timer) => timer.id === event.meta.timerId);
  const base = {
    workflowId: snapshot.workflowId,
    version: snapshot.version,
    instanceId: snapshot.instanceId,
    seq: event.meta.seq,
    startedAt: snapshot.startedAt,
    updatedAt: event.meta.at,
  };
  return {
    changed: next !== machineSnapshot,
    next,
    ...settle(
      definition,
      next,
      actions,
      { timers, timerSeq: snapshot.timerSeq, state: snapshot.state, lapsed: snapshot.lapsed, fired },
      base,
      calendar,
    ),
  };
}

/** The official document a signing step issues, if the workflow declares one for the event. */
function issueDocument(
  definition: AnyWorkflowDefinition,
  snapshot: InstanceSnapshot,
  type: string,
  payload: unknown,
  actor: Authority,
  at: string,
  context: EngineContext,
): Effect | null {
  const build = definition.issues?.[type];
  if (!build) return null;
  const document = build({
    instanceId: snapshot.instanceId,
    context: snapshot.machine.context,
    payload,
    actor,
    at,
    on: localDate(at, context.calendar ?? vietnamCalendar),
    directory: context.directory,
  });
  return document ? { type: 'document.issue', document } : null;
}

/**
 * Applies one event: validates the payload, checks who may send it in this state, runs the
 * machine, and returns the new snapshot with the effects to carry out and the open tasks.
 * A refused event throws a WorkflowError and changes nothing.
 */
export function applyEvent(
  definition: AnyWorkflowDefinition,
  snapshot: InstanceSnapshot,
  command: Command,
  context: EngineContext,
): StepResult {
  const calendar = context.calendar ?? vietnamCalendar;
  const machineSnapshot = restoreMachineSnapshot(definition, snapshot);
  const spec = ownEntry(definition.events, command.type);
  if (!spec) {
    throw new WorkflowError('UNKNOWN_EVENT', `${definition.id} has no event "${command.type}"`, {
      events: Object.keys(definition.events),
    });
  }
  if (snapshot.status === 'done') {
    throw WorkflowError.notAllowed('finished', `the instance is finished (${snapshot.state})`);
  }
  const payload = spec.payload.safeParse(command.payload ?? {});
  if (!payload.success) {
    throw new WorkflowError('INVALID_PAYLOAD', `the payload of ${command.type} is not valid`, {
      issues: issuesOf(payload.error),
    });
  }
  const at = context.clock.now().toISOString();
  let actor: Authority;
  if (spec.link) {
    // A linked fact is delivered by the server, from another instance's step.
    if (context.principal.kind !== 'system') {
      throw WorkflowError.notAllowed('link_only', `${command.type} is delivered by a link, not by a person`);
    }
    actor = systemAuthority;
  } else if (spec.timer) {
    if (context.principal.kind !== 'system') {
      throw WorkflowError.notAllowed(
        'timer_only',
        `${command.type} is delivered by a timer, not by a person`,
      );
    }
    const pending = snapshot.timers.find((timer) => timer.id === command.timerId);
    if (!pending || pending.event.type !== command.type) {
      throw new WorkflowError('TIMER_NOT_PENDING', `timer ${command.timerId ?? '(none)'} is not pending`, {
        timerId: command.timerId ?? null,
      });
    }
    actor = systemAuthority;
  } else {
    const rules = rulesFor(definition, machineSnapshot, command.type);
    if (rules.length === 0) {
      throw WorkflowError.notAllowed('state', `${command.type} cannot be done in state ${snapshot.state}`, {
        state: snapshot.state,
      });
    }
    const scope = {
      definition,
      context: machineSnapshot.context,
      directory: context.directory,
      on: localDate(at, calendar),
      ...(context.delegations ? { delegations: context.delegations } : {}),
    };
    const candidates = rules.map((rule) => ({ rule, decision: spec.decision === true }));
    actor = authorize(context.principal, candidates, scope, command.acting);
  }
  // After authorization: someone who may not act learns nothing about the documents it needs.
  const attachments = checkAttachments(
    definition,
    machineSnapshot.context,
    command.type,
    command.attachments ?? [],
  );
  const meta: EventMeta = {
    seq: snapshot.seq + 1,
    at,
    actor,
    comment: command.comment ?? null,
    timerId: spec.timer ? command.timerId! : null,
    attachments,
    facts: command.facts ?? {},
  };
  const result = step(
    definition,
    snapshot,
    machineSnapshot,
    { type: command.type, payload: payload.data, meta },
    calendar,
  );
  // A linked fact the instance does not take (another round's) is refused, so nothing is written.
  if (!result.changed && !spec.timer) {
    const guards = getNextTransitions(machineSnapshot)
      .filter((t) => t.eventType === command.type && t.guard)
      .flatMap((t) => guardNames(t.guard));
    throw WorkflowError.notAllowed('guard', `the conditions for ${command.type} are not met`, { guards });
  }
  const entry: HistoryEntry = {
    seq: meta.seq,
    type: command.type,
    payload: payload.data,
    comment: meta.comment,
    at,
    actor,
    timerId: meta.timerId,
    from: snapshot.state,
    to: result.snapshot.state,
    ...(attachments.length > 0 ? { attachments } : {}),
    ...(command.facts && Object.keys(command.facts).length > 0 ? { facts: command.facts } : {}),
  };
  const issued = issueDocument(definition, result.snapshot, command.type, payload.data, actor, at, context);
  const effects = issued ? [...result.effects, issued] : result.effects;
  const tasks = computeTasks(definition, result.next, result.snapshot, context.directory, at, calendar);
  return { snapshot: result.snapshot, effects, tasks, entry };
}

/**
 * Rebuilds a snapshot from an instance's history alone. Decisions were authorised when they were
 * taken, so replay checks nothing and must reproduce the stored snapshot exactly.
 */
export function replay(
  definition: AnyWorkflowDefinition,
  instanceId: string,
  history: readonly HistoryEntry[],
  calendar: WorkingCalendar = vietnamCalendar,
): InstanceSnapshot {
  const [first, ...rest] = history;
  if (!first || first.type !== '$start')
    throw new WorkflowError('INVALID_INPUT', 'history must begin with $start');
  let { snapshot, machineSnapshot } = begin(
    definition,
    instanceId,
    first.payload,
    first.policy ?? {},
    first.at,
    first.actor,
    calendar,
    first.facts ?? {},
  );
  for (const entry of rest) {
    const meta: EventMeta = {
      seq: entry.seq,
      at: entry.at,
      actor: entry.actor,
      comment: entry.comment,
      timerId: entry.timerId,
      attachments: entry.attachments ?? [],
      facts: entry.facts ?? {},
    };
    const result = step(
      definition,
      snapshot,
      machineSnapshot,
      { type: entry.type, payload: entry.payload, meta },
      calendar,
    );
    snapshot = result.snapshot;
    machineSnapshot = result.next;
  }
  return snapshot;
}

/** The open tasks of a stored snapshot, against today's directory (after a merger, say). */
export function tasksOf(
  definition: AnyWorkflowDefinition,
  snapshot: InstanceSnapshot,
  directory: OrgDirectory,
  now: Date,
  calendar: WorkingCalendar = vietnamCalendar,
): Task[] {
  return computeTasks(
    definition,
    restoreMachineSnapshot(definition, snapshot),
    snapshot,
    directory,
    now.toISOString(),
    calendar,
  );
}

import type { AnyStateMachine, ContextFrom, StateNode } from 'xstate';
import type { IssueBuilder } from './official-documents/model.ts';
import type { z } from 'zod';
import { documentProblems, type DocumentsSpec } from './documents.ts';
import { WorkflowError } from './errors.ts';
import { roleProblems } from './roles.ts';
import type { OrgDirectory } from './directory.ts';
import type { SigningSpec } from './signing.ts';
import type { LocalDate } from './calendar/calendar.ts';

export interface Label {
  vi: string;
  en: string;
}
export type Locale = keyof Label;

/** How a decision is signed: in one's own name, "TM." for a committee, "KT." as a deputy. */
export type ActingForm = 'self' | 'TM' | 'KT';

/** Where, relative to one of the instance's units, a role must be held. */
export type UnitRelation = 'own' | 'levelAbove' | 'anyAncestor';

export interface PermissionRule<TContext = any> {
  event: string;
  /** State paths ("quarter.planning") in which the rule applies. */
  states: readonly string[];
  role: string;
  /** Key into `units(context)`: the unit the relation is measured from. */
  of?: string;
  at?: UnitRelation;
  /** Only the person the instance is about may act (a member's own request). */
  subjectOnly?: boolean;
  /**
   * The people named in the context who act here (a new member's introducers) instead of the holders
   * of a role at a unit: each gets a task addressed to them alone, and nobody else may act on it.
   * Return only those who still owe the act (leave out who has confirmed), so each task closes when
   * its person acts and the others stay open until they act or the state is left. `role` is what
   * the task is called in the inbox ("introducer"); nobody needs to hold it in the directory.
   */
  persons?: (context: TContext) => readonly (string | null | undefined)[];
  /**
   * Extra condition (e.g. only once escalated, or only a council member who has not voted yet).
   * `actor` is null when tasks are computed for a role rather than checked for one person.
   */
  when?: (context: TContext, actor: { personId: string } | null) => boolean;
  /** The decision is taken on behalf of a committee and signed "TM.". */
  signsForCommittee?: boolean;
  /** Deputies may act, signing "KT." (default true; false for personal acts). */
  deputies?: boolean;
  /**
   * The act signs a document (a referral, a travel order, a decision): who may sign follows the
   * signer's office in the directory (signing.ts), and the printed signature is recorded. Overrides
   * `signsForCommittee` and `deputies`.
   */
  signs?: SigningSpec;
}

export type StartRule<TContext = any> = Omit<PermissionRule<TContext>, 'event' | 'states'>;

export interface EventSpec {
  payload: z.ZodType;
  label: Label;
  /** Subject to the conflict-of-interest rule. */
  decision?: boolean;
  /** Cannot be undone: portals ask for confirmation. */
  irreversible?: boolean;
  /** Delivered only by a durable timer, never by a person. */
  timer?: boolean;
  /** Delivered only by a link from another instance (links.ts), never by a person. */
  link?: boolean;
  /** Allowed but never a to-do (withdrawing a request): a button, not an inbox task. */
  optional?: boolean;
  /**
   * What the action means, for its colour wherever it is offered: moving the request on
   * ("positive": confirm, accept, sign), ending it against the asker ("destructive": reject,
   * cancel, withdraw), or neither ("neutral", the default: return for changes, log, adjust).
   */
  tone?: EventTone;
}

export type EventTone = 'positive' | 'destructive' | 'neutral';

/** An event's tone from a workflow's lists of positive and destructive events; neutral otherwise. */
export const toneOf = (
  type: string,
  positive: ReadonlySet<string>,
  destructive: ReadonlySet<string>,
): EventTone => (positive.has(type) ? 'positive' : destructive.has(type) ? 'destructive' : 'neutral');

/** Words for a field of the summary that neither the input nor an event's payload labels. */
export interface SummaryField {
  label: Label;
  /** Labels of the codes the field holds ("ratingTooLow" → "Xếp loại chưa đạt mức tối thiểu"). */
  values?: Readonly<Record<string, Label>>;
}

export interface WorkflowDefinition<TMachine extends AnyStateMachine = AnyStateMachine> {
  id: string;
  version: number;
  title: Label;
  description?: Label;
  machine: TMachine;
  /** Validates what a caller sends to start an instance. */
  input: z.ZodType;
  /**
   * Facts about the request that the directory knows and the requester must not state (whether the
   * member is a cadre), merged into the validated input at the start and recorded with it.
   */
  facts?: (input: any, directory: OrgDirectory, on: LocalDate) => Record<string, unknown>;
  /** Policy parameters with their defaults; a deployment overrides any of them. */
  policy: z.ZodType;
  events: Readonly<Record<string, EventSpec>>;
  /** A label for every state node, keyed by its dotted path. */
  states: Readonly<Record<string, Label>>;
  permissions: readonly PermissionRule<ContextFrom<TMachine>>[];
  /** Who may start an instance (empty: only the system). */
  start: readonly StartRule<ContextFrom<TMachine>>[];
  /**
   * The workflow's own roles and their words (a host's "introducer"): the inbox and the panels show
   * these, the Union's roles (roles.ts) need none. Every role its rules name must have a label.
   */
  roles?: Readonly<Record<string, Label>>;
  /** The org units an instance concerns, by name (e.g. source and destination base). */
  units: (context: ContextFrom<TMachine>) => Readonly<Record<string, string | null | undefined>>;
  /** The person (and, by keys into `units`, the unit or units) an instance is about. */
  subject: (context: ContextFrom<TMachine>) => {
    personId?: string | null;
    /** How to call a subject the directory does not know yet (a candidate for admission). */
    name?: string | null;
    unit?: string | readonly string[];
  };
  /** Also forbid deciding on one's own unit (a branch's secretary voting on that branch's award). */
  conflictOfInterest?: { ownUnit: boolean };
  /** The business data shown to officers (an approval panel's summary). */
  summary?: (context: ContextFrom<TMachine>) => Record<string, unknown>;
  /**
   * Labels of the summary's fields, at any depth, that the input and the payloads do not label:
   * officers read "Số đề cử còn được gửi", not "quotaLeft" (published with the definition).
   */
  summaryLabels?: Readonly<Record<string, SummaryField>>;
  /**
   * What its `notify` effects say, by message id, in both languages: the mail an officer gets for a
   * reminder or an escalation. `{name}` is filled from the effect's data (notices.ts).
   */
  notices?: Readonly<Record<string, Label>>;
  /**
   * The summary's shape, for typed clients: the OpenAPI document gives it as the `summary` of this
   * workflow's own routes. Fields labelled with `labelled(...)` need no `summaryLabels` entry.
   * `checkSummaryLabels` (testing) checks that `summary()` builds exactly this shape.
   */
  summarySchema?: z.ZodObject;
  /** The documents its dossier holds: kinds, which events take or require them (documents.ts). */
  documents?: DocumentsSpec<ContextFrom<TMachine>>;
  /**
   * The official documents its signing decisions issue, by event type: a `document.issue` effect
   * after the step (official-documents/model.ts).
   */
  issues?: Readonly<Record<string, IssueBuilder<ContextFrom<TMachine>>>>;
}

export type AnyWorkflowDefinition = WorkflowDefinition<AnyStateMachine>;

/** Every state node's dotted path, parents before children. */
export function statePaths(machine: AnyStateMachine): string[] {
  const paths: string[] = [];
  const visit = (node: StateNode<any, any>) => {
    for (const child of Object.values(node.states) as StateNode<any, any>[]) {
      paths.push(child.path.join('.'));
      visit(child);
    }
  };
  visit(machine.root);
  return paths;
}

/** Event types a state node (or its ancestors) handles, for checks and diagrams. */
export function handledEvents(machine: AnyStateMachine, path: string): Set<string> {
  const types = new Set<string>();
  let node: StateNode<any, any> | undefined = machine.getStateNodeById(`${machine.id}.${path}`);
  while (node) {
    for (const type of node.ownEvents) types.add(type);
    node = node.parent;
  }
  return types;
}

/** The event XState raises when a compound or parallel state is done (its `onDone`). */
const isDoneEvent = (type: string): boolean => type.startsWith('xstate.done.state.');

const invalid = (id: string, message: string) => new WorkflowError('INVALID_DEFINITION', `${id}: ${message}`);

/**
 * Declares a workflow. Checks at definition time what would otherwise fail at run time in front of
 * an officer: missing labels, permissions naming unknown states or events, events nobody can send,
 * and XState features whose timers do not survive persistence.
 */
export function defineWorkflow<TMachine extends AnyStateMachine>(
  definition: WorkflowDefinition<TMachine>,
): WorkflowDefinition<TMachine> {
  const { id, machine } = definition;
  if (!/^[a-z][a-zA-Z0-9-]*$/.test(id)) throw invalid(id, 'id must be a simple identifier');
  if (!Number.isInteger(definition.version) || definition.version < 1) {
    throw invalid(id, 'version must be a positive integer');
  }
  const paths = statePaths(machine);
  const pathSet = new Set(paths);
  for (const path of paths) {
    if (!definition.states[path]) throw invalid(id, `state "${path}" has no label`);
    const node = machine.getStateNodeById(`${machine.id}.${path}`);
    if (node.after.length > 0) throw invalid(id, `state "${path}" uses "after": use scheduleTimer`);
    if (node.invoke.length > 0)
      throw invalid(id, `state "${path}" uses "invoke": effects belong to the server`);
  }
  for (const label of Object.keys(definition.states)) {
    if (!pathSet.has(label)) throw invalid(id, `label for unknown state "${label}"`);
  }
  for (const [message, words] of Object.entries(definition.notices ?? {})) {
    if (!words.vi?.trim() || !words.en?.trim())
      throw invalid(id, `notice "${message}" needs vi and en words`);
  }
  // A compound state's `onDone` is XState's own event (xstate.done.state.<id>), raised when its
  // child (or every region of a parallel state) reaches a final state: it needs no spec or rule.
  const handledAnywhere = new Set(
    paths.flatMap((path) => [...handledEvents(machine, path)]).filter((type) => !isDoneEvent(type)),
  );
  for (const type of paths.flatMap((path) => [...handledEvents(machine, path)])) {
    if (type.startsWith('xstate.') && !isDoneEvent(type))
      throw invalid(id, `"${type}" comes from invoke or spawn: effects belong to the server`);
  }
  for (const type of Object.keys(definition.events)) {
    if (!handledAnywhere.has(type)) throw invalid(id, `event "${type}" is handled by no state`);
  }
  for (const type of handledAnywhere) {
    if (!definition.events[type]) throw invalid(id, `event "${type}" has no spec (payload, label)`);
  }
  for (const rule of definition.permissions) {
    const spec = definition.events[rule.event];
    if (!spec) throw invalid(id, `permission for unknown event "${rule.event}"`);
    if (spec.timer) throw invalid(id, `"${rule.event}" is a timer event: no person may send it`);
    if (spec.link) throw invalid(id, `"${rule.event}" is a link event: no person may send it`);
    for (const state of rule.states) {
      if (!pathSet.has(state)) throw invalid(id, `permission names unknown state "${state}"`);
      if (!handledEvents(machine, state).has(rule.event)) {
        throw invalid(id, `state "${state}" does not handle "${rule.event}"`);
      }
    }
    if (rule.persons && (rule.subjectOnly || rule.of || rule.at)) {
      throw invalid(id, `permission for "${rule.event}" names persons and also a unit or the subject`);
    }
    if (rule.persons && rule.signs)
      throw invalid(id, `"${rule.event}" signs a document: a unit's officer signs`);
    if (!rule.subjectOnly && !rule.of && !rule.persons) {
      throw invalid(id, `permission for "${rule.event}" names no unit (of), persons or subjectOnly`);
    }
  }
  for (const [type, spec] of Object.entries(definition.events)) {
    if (!spec.timer && !spec.link && !definition.permissions.some((rule) => rule.event === type)) {
      throw invalid(id, `nobody may send "${type}"`);
    }
  }
  for (const type of Object.keys(definition.issues ?? {})) {
    if (!definition.events[type]?.decision)
      throw invalid(id, `"${type}" issues a document but is no decision`);
  }
  const [problem] = documentProblems(definition, pathSet);
  if (problem) throw invalid(id, problem);
  const [roleProblem] = roleProblems(definition);
  if (roleProblem) throw invalid(id, roleProblem);
  return definition;
}

import type { AnyMachineSnapshot } from 'xstate';
import type { LocalDate } from './calendar/calendar.ts';
import type { ActingForm, AnyWorkflowDefinition, PermissionRule, StartRule } from './define-workflow.ts';
import { delegatedBindings, type DelegatedBinding, type Delegation } from './delegation.ts';
import type { OrgDirectory, RoleBinding } from './directory.ts';
import { WorkflowError, type RefusalReason } from './errors.ts';
import { signingOptions, signingPolicyOf, type Signature } from './signing.ts';

/** Who is acting: a person (roles come from the directory, never from the caller) or a timer. */
export type Principal = { kind: 'person'; personId: string } | { kind: 'system' };

export const systemPrincipal: Principal = { kind: 'system' };
export const person = (personId: string): Principal => ({ kind: 'person', personId });

/** The role binding that authorised an act, and how it is signed. */
export interface Authority {
  personId: string | null;
  role: string;
  unitId: string | null;
  acting: ActingForm;
  /** For an act that signs a document: the signature as printed (heading, title, name). */
  signature?: Signature;
  /** Set when the act was done by a delegate: the holder on whose behalf (delegation.ts). */
  onBehalfOf?: string;
}

export const systemAuthority: Authority = { personId: null, role: 'system', unitId: null, acting: 'self' };

interface Scope {
  definition: AnyWorkflowDefinition;
  context: unknown;
  directory: OrgDirectory;
  on: LocalDate;
  /** Delegations naming the acting person as delegate (only those in force on `on` count). */
  delegations?: readonly Delegation[];
  /**
   * The acting person's bindings on `on` (actingBindings), when a caller authorizes the same person
   * many times (allowedEvents: every event in every form); computed here when absent.
   */
  bindings?: readonly RoleBinding[];
}

/** A person's bindings on a day: their own first, then those lent to them by delegations in force. */
export function actingBindings(
  directory: OrgDirectory,
  personId: string,
  on: LocalDate,
  delegations?: readonly Delegation[],
): RoleBinding[] {
  // Own bindings first: a delegate who may act in their own right is not recorded as acting for another.
  const own = directory.bindingsOf(personId, on);
  return delegations ? [...own, ...delegatedBindings(directory, delegations, personId, on)] : own;
}

const isLent = (binding: RoleBinding): binding is DelegatedBinding => 'onBehalfOf' in binding;
const onBehalf = (binding: RoleBinding) => (isLent(binding) ? { onBehalfOf: binding.onBehalfOf } : {});

/** A dotted state path as the state value `matches` takes ("a.b" → { a: "b" }), built once per path. */
const stateValues = new Map<string, unknown>();

export function matchesStatePath(snapshot: AnyMachineSnapshot, path: string): boolean {
  let value = stateValues.get(path);
  if (value === undefined) {
    value = path
      .split('.')
      .reduceRight<unknown>((inner, key) => (inner === undefined ? key : { [key]: inner }), undefined);
    stateValues.set(path, value);
  }
  return snapshot.matches(value as never);
}

/** The unit a rule's role must be held at, resolved on a date (mergers followed). */
export function ruleUnit(rule: StartRule, scope: Scope): string | null {
  if (!rule.of) return null;
  const base = scope.definition.units(scope.context as never)[rule.of];
  if (!base) return null;
  const unit = scope.directory.resolveUnit(base, scope.on);
  if (!unit) return null;
  if ((rule.at ?? 'own') === 'own') return unit.id;
  return scope.directory.levelAbove(unit.id, scope.on)?.id ?? null;
}

function bindingFits(rule: StartRule, binding: RoleBinding, scope: Scope): boolean {
  const target = ruleUnit(rule, scope);
  if (!target) return false;
  if (binding.unitId === target) return true;
  return rule.at === 'anyAncestor' && scope.directory.isAncestor(binding.unitId, target, scope.on);
}

/**
 * For a subject's own act that names a unit (`of`): the person is a member of that unit on the day
 * (mergers followed) or holds the rule's role there. A member files a transfer only from their branch.
 */
function subjectBelongs(rule: StartRule, personId: string, scope: Scope): boolean {
  const target = ruleUnit(rule, scope);
  if (!target) return false;
  const memberOf = scope.directory.person(personId)?.memberOf;
  if (memberOf && scope.directory.resolveUnit(memberOf, scope.on)?.id === target) return true;
  return scope.directory
    .bindingsOf(personId, scope.on)
    .some((binding) => binding.role === rule.role && binding.unitId === target);
}

/**
 * Whether a person is in the directory on a day: a record, and a membership or a role in force then.
 * Whoever is not (a stranger, the reserved `system`) may start nothing.
 */
export function inDirectoryOn(directory: OrgDirectory, personId: string, on: LocalDate): boolean {
  const record = directory.person(personId);
  if (!record) return false;
  if (record.memberOf && directory.resolveUnit(record.memberOf, on)) return true;
  return directory.bindingsOf(personId, on).length > 0;
}

function subjectOf(scope: Scope) {
  return scope.definition.subject(scope.context as never);
}

function hasConflict(personId: string, scope: Scope): boolean {
  const subject = subjectOf(scope);
  if (subject.personId && subject.personId === personId) return true;
  if (!scope.definition.conflictOfInterest?.ownUnit || !subject.unit) return false;
  const units = scope.definition.units(scope.context as never);
  const keys: readonly string[] = typeof subject.unit === 'string' ? [subject.unit] : subject.unit;
  const own = new Set<string>();
  for (const key of keys) {
    const unitId = units[key];
    if (!unitId) continue;
    own.add(unitId);
    const current = scope.directory.resolveUnit(unitId, scope.on)?.id;
    if (current) own.add(current);
  }
  const memberOf = scope.directory.person(personId)?.memberOf;
  if (memberOf && own.has(memberOf)) return true;
  return scope.directory.bindingsOf(personId, scope.on).some((binding) => own.has(binding.unitId));
}

function actingFor(rule: StartRule, binding: RoleBinding): ActingForm | null {
  // A delegate acts in the holder's place ("ký thay"), where the rule lets anyone but the holder act.
  if (binding.deputy || isLent(binding)) return rule.deputies === false ? null : 'KT';
  return rule.signsForCommittee ? 'TM' : 'self';
}

interface Candidate {
  rule: StartRule;
  decision: boolean;
}

/** How far a refused person got: the furthest check failed is the one reported. */
const refusalRank: Partial<Record<RefusalReason, number>> = {
  role: 0,
  not_named: 1,
  unit: 2,
  guard: 3,
  conflict_of_interest: 4,
  signatory: 5,
  acting_form: 6,
};

const refusalMessages: Partial<Record<RefusalReason, string>> = {
  role: 'you do not hold a role that may do this',
  not_named:
    'this step is for the people the request names, and you are not one of them (or have already acted)',
  unit: 'your role is not held at the unit this request belongs to',
  guard: 'you may not do this at this point of the request',
  conflict_of_interest: 'you may not decide on a request about yourself or your own unit',
  signatory: 'only the secretary or a deputy secretary signs this document',
  acting_form: 'you may not sign in that form',
};

/** A person the rules do not let act: the furthest check that failed. */
export interface Refusal {
  refused: RefusalReason;
}

/**
 * Checks a person against the rules that apply, returning the authority to record, or throwing a
 * refusal naming the first check that failed: role, then unit, then conflict of interest, then
 * acting form. `requested` is the acting form the caller asked for, if any.
 */
export function authorize(
  principal: Principal,
  candidates: readonly Candidate[],
  scope: Scope,
  requested?: ActingForm,
): Authority {
  if (principal.kind === 'system') {
    throw WorkflowError.notAllowed('role', 'the system may only deliver timers');
  }
  const answer = authorityOrRefusal(principal.personId, candidates, scope, requested);
  if ('refused' in answer) throw WorkflowError.notAllowed(answer.refused, refusalMessages[answer.refused]!);
  return answer;
}

/**
 * authorize's checks without the throw, for callers that try many events and forms and expect most
 * of them refused (allowedEvents).
 */
export function authorityOrRefusal(
  personId: string,
  candidates: readonly Candidate[],
  scope: Scope,
  requested?: ActingForm,
): Authority | Refusal {
  const bindings = scope.bindings ?? actingBindings(scope.directory, personId, scope.on, scope.delegations);
  let furthest: RefusalReason = 'role';
  const fail = (reason: RefusalReason) => {
    if (refusalRank[reason]! > refusalRank[furthest]!) furthest = reason;
  };

  const conditionHolds = (rule: StartRule) => !rule.when || rule.when(scope.context as never, { personId });
  for (const { rule, decision } of candidates) {
    if (rule.persons) {
      // Only a person the context names (and who still owes the act); a role at a unit does not help.
      if (!rule.persons(scope.context as never).includes(personId)) {
        fail('not_named');
        continue;
      }
      if (!conditionHolds(rule)) {
        fail('guard');
        continue;
      }
      if (decision && hasConflict(personId, scope)) {
        fail('conflict_of_interest');
        continue;
      }
      if (requested && requested !== 'self') {
        fail('acting_form');
        continue;
      }
      const memberOf = scope.directory.person(personId)?.memberOf ?? null;
      return { personId, role: rule.role, unitId: memberOf, acting: 'self' };
    }
    if (rule.subjectOnly) {
      if (subjectOf(scope).personId !== personId) continue;
      if (!conditionHolds(rule)) {
        fail('guard');
        continue;
      }
      if (rule.of && !subjectBelongs(rule, personId, scope)) {
        fail('unit');
        continue;
      }
      if (requested && requested !== 'self') {
        fail('acting_form');
        continue;
      }
      return {
        personId,
        role: rule.role,
        unitId: scope.directory.person(personId)?.memberOf ?? null,
        acting: 'self',
      };
    }
    const withRole = bindings.filter((binding) => binding.role === rule.role);
    if (withRole.length === 0) continue;
    fail('unit');
    let fitting = withRole.filter((binding) => bindingFits(rule, binding, scope));
    if (fitting.length === 0) continue;
    if (!conditionHolds(rule)) {
      fail('guard');
      continue;
    }
    if (decision && hasConflict(personId, scope)) {
      fail('conflict_of_interest');
      continue;
    }
    // A delegate does not decide for a holder who may not decide (their own request).
    fitting = fitting.filter(
      (binding) => !isLent(binding) || !(decision && hasConflict(binding.onBehalfOf, scope)),
    );
    if (fitting.length === 0) {
      fail('conflict_of_interest');
      continue;
    }
    if (rule.signs) {
      const policy = signingPolicyOf(scope.context);
      // A personal act (`deputies: false`) is never signed by a delegate.
      const signers = fitting.filter((binding) => !isLent(binding) || rule.deputies !== false);
      const signable = signers.flatMap((binding) =>
        signingOptions(scope.directory, personId, binding.unitId, scope.on, policy, rule.signs).map(
          (option) => ({ binding, ...option }),
        ),
      );
      const signing = signable.find((option) => !requested || option.acting === requested);
      if (!signing) {
        fail(signable.length === 0 ? 'signatory' : 'acting_form');
        continue;
      }
      return {
        personId,
        role: rule.role,
        unitId: signing.binding.unitId,
        acting: signing.acting,
        signature: signing.signature,
        ...onBehalf(signing.binding),
      };
    }
    const forms = fitting
      .map((binding) => ({ binding, acting: actingFor(rule, binding) }))
      .filter((option) => option.acting !== null && (!requested || option.acting === requested));
    const chosen = forms.find((option) => !option.binding.deputy && !isLent(option.binding)) ?? forms[0];
    if (!chosen) {
      fail('acting_form');
      continue;
    }
    return {
      personId,
      role: rule.role,
      unitId: chosen.binding.unitId,
      acting: chosen.acting!,
      ...onBehalf(chosen.binding),
    };
  }
  return { refused: furthest };
}

/** The rules of the current state, every event's, in the definition's order. */
export function rulesInState(
  definition: AnyWorkflowDefinition,
  snapshot: AnyMachineSnapshot,
): PermissionRule[] {
  return definition.permissions.filter((rule) =>
    rule.states.some((path) => matchesStatePath(snapshot, path)),
  );
}

/** The rules that apply to an event in the current state. */
export function rulesFor(
  definition: AnyWorkflowDefinition,
  snapshot: AnyMachineSnapshot,
  eventType: string,
): PermissionRule[] {
  return definition.permissions.filter(
    (rule) => rule.event === eventType && rule.states.some((path) => matchesStatePath(snapshot, path)),
  );
}

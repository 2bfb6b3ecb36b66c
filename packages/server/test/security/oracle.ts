import type {
  ActingForm,
  AnyWorkflowDefinition,
  DirectoryData,
  InstanceSnapshot,
  PermissionRule,
} from '@doanflow/engine';

/**
 * An independent reading of the permission tables against the org directory, written from the
 * rules as documented (DOMAIN.md, define-workflow.ts) without calling the engine's authorize,
 * allowedEvents or OrgDirectory. It uses only the data a workflow declares: its permission rules
 * (including their `when` predicates), `units(context)`, `subject(context)` and event flags.
 */

type Unit = DirectoryData['units'][number];
type Binding = DirectoryData['bindings'][number] & { lentBy?: string };

/** A delegation as the oracle reads it (ủy quyền): the holder's role at a unit, lent for dated days. */
export interface OracleDelegation {
  holderId: string;
  delegateId: string;
  role: string;
  unitId: string;
  from: string;
  until: string;
  revoked?: boolean;
}

const inForce = (record: { validFrom: string; validTo?: string | null | undefined }, on: string) =>
  on >= record.validFrom && (record.validTo === undefined || record.validTo === null || on <= record.validTo);

/** The org tree as plain lookups over its effective-dated records. */
export class OrgOracle {
  private readonly data: DirectoryData;
  delegations: OracleDelegation[];
  constructor(data: DirectoryData, delegations: OracleDelegation[] = []) {
    this.data = data;
    this.delegations = delegations;
  }

  /**
   * What delegations lend a person on a day: the holder's own (not deputy) binding of the role at the
   * unit, while the delegation is in its days, not revoked, and the holder still holds it.
   */
  lent(personId: string, on: string): Binding[] {
    return this.delegations
      .filter((d) => d.delegateId === personId && !d.revoked && d.from <= on && on <= d.until)
      .flatMap((d) =>
        this.bindings(d.holderId, on)
          .filter((b) => b.role === d.role && b.unitId === d.unitId && !b.deputy)
          .slice(0, 1)
          .map((b) => ({ ...b, personId, deputy: false, lentBy: d.holderId })),
      );
  }

  /** The record of a unit in force on a date. */
  unitOn(id: string, on: string): Unit | undefined {
    return this.data.units.find((unit) => unit.id === id && inForce(unit, on));
  }

  /** The unit answering for `id` on a date: itself, else the successor of its latest merger. */
  resolve(id: string, on: string): Unit | undefined {
    const seen = new Set<string>();
    let current: string | undefined = id;
    while (current !== undefined && !seen.has(current)) {
      seen.add(current);
      const record = this.unitOn(current, on);
      if (record) return record;
      const merged = this.data.units
        .filter((unit) => unit.id === current && unit.mergedInto && unit.validTo && unit.validTo < on)
        .sort((a, b) => b.validTo!.localeCompare(a.validTo!))[0];
      current = merged?.mergedInto ?? undefined;
    }
    return undefined;
  }

  parentOf(id: string, on: string): Unit | undefined {
    const unit = this.resolve(id, on);
    return unit?.parentId ? this.resolve(unit.parentId, on) : undefined;
  }

  /** Whether `ancestor` is strictly above `id` on a date. */
  isAbove(ancestor: string, id: string, on: string): boolean {
    const seen = new Set<string>();
    let current = this.parentOf(id, on);
    while (current && !seen.has(current.id)) {
      if (current.id === ancestor) return true;
      seen.add(current.id);
      current = this.parentOf(current.id, on);
    }
    return false;
  }

  /** Bindings in force on a date, on units that exist that date (a merged unit's officers hold nothing). */
  bindings(personId: string, on: string): Binding[] {
    return this.data.bindings.filter(
      (binding) => binding.personId === personId && inForce(binding, on) && this.unitOn(binding.unitId, on),
    );
  }

  memberOf(personId: string): string | null {
    return this.data.people.find((person) => person.id === personId)?.memberOf ?? null;
  }
}

/** Whether a persisted state value is in the state node at a dotted path. */
export function inState(value: unknown, path: string): boolean {
  let current: unknown = value;
  const parts = path.split('.');
  for (const [index, part] of parts.entries()) {
    if (typeof current === 'string') return current === part && index === parts.length - 1;
    if (current === null || typeof current !== 'object' || !(part in current)) return false;
    current = (current as Record<string, unknown>)[part];
  }
  return true;
}

export type Refusal = 'role' | 'unit' | 'guard' | 'conflict_of_interest' | 'acting_form' | 'signatory';

/** The office a person holds at a unit, written out again from the rule (367-QĐ/TWĐTN-VP). */
function officeAt(org: OrgOracle, personId: string, unitId: string, on: string): string | undefined {
  const order = ['secretary', 'deputySecretary', 'standingMember', 'committeeMember'];
  const offices = org
    .bindings(personId, on)
    .filter((binding) => binding.unitId === unitId)
    .map((binding) => {
      if (binding.title) return binding.title;
      if (['branchSecretary', 'baseSecretary', 'standingSecretary'].includes(binding.role)) {
        return binding.deputy ? 'deputySecretary' : 'secretary';
      }
      return binding.role === 'branchCommittee'
        ? 'committeeMember'
        : ['baseStanding', 'upperStanding'].includes(binding.role)
          ? 'standingMember'
          : undefined;
    })
    .filter((office) => office !== undefined) as string[];
  return offices.sort((a, b) => order.indexOf(a) - order.indexOf(b))[0];
}

export type Verdict =
  | { kind: 'finished' }
  | { kind: 'timer' }
  | { kind: 'state' }
  | {
      kind: 'rules';
      /** The acting forms this person may use (empty: forbidden whatever the form). */
      forms: Set<ActingForm>;
      /** For each rule that did not grant the requested form, the check it failed. */
      failures: Set<Refusal>;
      /** Forms the person's own bindings grant; holders whose delegations granted any. */
      ownForms: Set<ActingForm>;
      lentFrom: Set<string>;
    };

export interface Attempt {
  definition: AnyWorkflowDefinition;
  snapshot: InstanceSnapshot;
  eventType: string;
  personId: string;
  on: string;
  requested?: ActingForm | undefined;
}

/** Whether the rules allow the attempt (with the requested form, if any). */
export function allows(verdict: Verdict, requested?: ActingForm): boolean {
  if (verdict.kind !== 'rules') return false;
  return requested ? verdict.forms.has(requested) : verdict.forms.size > 0;
}

export function judge(org: OrgOracle, attempt: Attempt): Verdict {
  const { definition, snapshot, eventType, personId, on, requested } = attempt;
  const spec = definition.events[eventType]!;
  if (snapshot.status === 'done') return { kind: 'finished' };
  if (spec.timer) return { kind: 'timer' };
  const rules = definition.permissions.filter(
    (rule) => rule.event === eventType && rule.states.some((path) => inState(snapshot.machine.value, path)),
  );
  if (rules.length === 0) return { kind: 'state' };

  const context = snapshot.machine.context as never;
  const units = definition.units(context);
  const subject = definition.subject(context);
  const decision = spec.decision === true;

  const conflicted = (who: string = personId): boolean => {
    if (subject.personId && subject.personId === who) return true;
    if (!definition.conflictOfInterest?.ownUnit || subject.unit === undefined) return false;
    const keys = typeof subject.unit === 'string' ? [subject.unit] : subject.unit;
    const own = new Set<string>();
    for (const key of keys) {
      const id = units[key];
      if (!id) continue;
      own.add(id);
      const current = org.resolve(id, on);
      if (current) own.add(current.id);
    }
    const home = org.memberOf(who);
    if (home && own.has(home)) return true;
    return org.bindings(who, on).some((binding) => own.has(binding.unitId));
  };

  const targetOf = (rule: PermissionRule): string | null => {
    const base = rule.of ? units[rule.of] : null;
    const unit = base ? org.resolve(base, on) : undefined;
    if (!unit) return null;
    if ((rule.at ?? 'own') === 'own') return unit.id;
    return org.parentOf(unit.id, on)?.id ?? null;
  };

  const forms = new Set<ActingForm>();
  /** The forms granted by the person's own bindings, and the holders whose lent bindings granted one. */
  const ownForms = new Set<ActingForm>();
  const lentFrom = new Set<string>();
  const grant = (form: ActingForm, binding: Binding) => {
    forms.add(form);
    if (binding.lentBy) lentFrom.add(binding.lentBy);
    else ownForms.add(form);
  };
  const failures = new Set<Refusal>();
  const holds = (rule: PermissionRule) => !rule.when || rule.when(context, { personId });
  for (const rule of rules) {
    if (rule.subjectOnly) {
      if (subject.personId !== personId) failures.add('role');
      else if (!holds(rule)) failures.add('guard');
      else if (requested && requested !== 'self') failures.add('acting_form');
      else {
        forms.add('self');
        ownForms.add('self');
      }
      continue;
    }
    const withRole = [...org.bindings(personId, on), ...org.lent(personId, on)].filter(
      (binding) => binding.role === rule.role,
    );
    if (withRole.length === 0) {
      failures.add('role');
      continue;
    }
    const target = targetOf(rule);
    let fitting = withRole.filter(
      (binding) =>
        target !== null &&
        (binding.unitId === target || (rule.at === 'anyAncestor' && org.isAbove(binding.unitId, target, on))),
    );
    if (fitting.length === 0) {
      failures.add('unit');
      continue;
    }
    if (!holds(rule)) {
      failures.add('guard');
      continue;
    }
    if (decision && conflicted()) {
      failures.add('conflict_of_interest');
      continue;
    }
    // A delegate never decides for a holder who may not decide (their own matter).
    fitting = fitting.filter((binding) => !binding.lentBy || !(decision && conflicted(binding.lentBy)));
    if (fitting.length === 0) {
      failures.add('conflict_of_interest');
      continue;
    }
    if (rule.signs) {
      // A signed paper: the Bí thư "TM.", a Phó Bí thư "KT." (or "TM." where the policy allows).
      const deputyTm = (context as { policy?: { signing?: { deputyMaySignForCommittee?: boolean } } }).policy
        ?.signing?.deputyMaySignForCommittee;
      // The signer's own office decides the form, a delegate's too ("KT. BÍ THƯ / PHÓ BÍ THƯ").
      const formsOf = (binding: Binding): ActingForm[] => {
        const office = officeAt(org, personId, binding.unitId, on);
        if (office === 'secretary') return ['TM'];
        if (office === 'deputySecretary') return deputyTm ? ['KT', 'TM'] : ['KT'];
        return [];
      };
      // Nor signs where the act is personal (`deputies: false`).
      const signers = fitting.filter((binding) => !binding.lentBy || rule.deputies !== false);
      const signable = signers.flatMap(formsOf);
      for (const binding of signers) for (const form of formsOf(binding)) grant(form, binding);
      if (signable.length === 0) failures.add('signatory');
      else if (requested && !signable.includes(requested)) failures.add('acting_form');
      continue;
    }
    // Deputies sign "KT." (or not at all for personal acts); holders "TM." for a committee, else in person.
    // A delegate acts "KT." in the holder's place, as a deputy does.
    const formOf = (binding: Binding): ActingForm | null =>
      binding.deputy || binding.lentBy
        ? rule.deputies === false
          ? null
          : 'KT'
        : rule.signsForCommittee
          ? 'TM'
          : 'self';
    const granted = fitting.map(formOf).filter((form): form is ActingForm => form !== null);
    for (const binding of fitting) {
      const form = formOf(binding);
      if (form) grant(form, binding);
    }
    if (granted.length === 0 || (requested && !granted.includes(requested))) failures.add('acting_form');
  }
  return { kind: 'rules', forms, failures, ownForms, lentFrom };
}

/** The buttons a portal should show this person: every event with the forms they may sign in. */
export function expectedButtons(
  org: OrgOracle,
  definition: AnyWorkflowDefinition,
  snapshot: InstanceSnapshot,
  personId: string,
  on: string,
): Record<string, ActingForm[]> {
  const buttons: Record<string, ActingForm[]> = {};
  for (const eventType of Object.keys(definition.events)) {
    const verdict = judge(org, { definition, snapshot, eventType, personId, on });
    if (verdict.kind === 'rules' && verdict.forms.size > 0) {
      buttons[eventType] = (['self', 'TM', 'KT'] as const).filter((form) => verdict.forms.has(form));
    }
  }
  return buttons;
}

/** Whether a person is in the directory on a day: a record, and a membership or a role in force. */
export function inDirectory(org: OrgOracle, data: DirectoryData, personId: string, on: string): boolean {
  const person = data.people.find((candidate) => candidate.id === personId);
  if (!person) return false;
  if (person.memberOf && org.resolve(person.memberOf, on)) return true;
  return org.bindings(personId, on).length > 0;
}

export type StartVerdict = 'allowed' | 'not_in_directory' | 'refused';

/**
 * Who may start an instance whose units are `units` (read from the input) and whose subject is
 * `subjectId`: someone in the directory that day who either is the subject and belongs to the unit
 * the rule names (a member of it, or holding the rule's role there), or holds a start rule's role at
 * the unit it names.
 */
export function judgeStart(
  org: OrgOracle,
  data: DirectoryData,
  definition: AnyWorkflowDefinition,
  units: Record<string, string | null>,
  subjectId: string | null,
  personId: string,
  on: string,
): StartVerdict {
  if (!inDirectory(org, data, personId, on)) return 'not_in_directory';
  const targetOf = (rule: { of?: string; at?: string }): string | null => {
    const base = rule.of ? units[rule.of] : null;
    const unit = base ? org.resolve(base, on) : undefined;
    if (!unit) return null;
    if ((rule.at ?? 'own') === 'own') return unit.id;
    return org.parentOf(unit.id, on)?.id ?? null;
  };
  const bindings = org.bindings(personId, on);
  for (const rule of definition.start) {
    const target = targetOf(rule);
    if (rule.subjectOnly) {
      if (subjectId !== personId) continue;
      if (!rule.of) return 'allowed';
      const home = org.memberOf(personId);
      const homeNow = home ? org.resolve(home, on)?.id : undefined;
      if (target !== null && homeNow === target) return 'allowed';
      if (bindings.some((binding) => binding.role === rule.role && binding.unitId === target))
        return 'allowed';
      continue;
    }
    const fits = bindings.some(
      (binding) =>
        binding.role === rule.role &&
        target !== null &&
        (binding.unitId === target || (rule.at === 'anyAncestor' && org.isAbove(binding.unitId, target, on))),
    );
    if (fits) return 'allowed';
  }
  return 'refused';
}

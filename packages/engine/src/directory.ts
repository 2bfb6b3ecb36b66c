import { z } from 'zod';
import { WorkflowError } from './errors.ts';
import type { LocalDate } from './calendar/calendar.ts';

/**
 * The organisation as data with effective dates. Levels are named by the deployment (the 2025
 * reorganisation removed the district level), a unit may have several records over time (re-parented),
 * and a unit that ends with `mergedInto` hands its open work to its successor.
 */
const date = z.iso.date();
const label = z.object({ vi: z.string().min(1), en: z.string().min(1) });

export const levelSchema = z.object({
  id: z.string().min(1),
  /** 0 is the top of the tree; a child's level has a larger rank than its parent's. */
  rank: z.number().int().min(0),
  label,
});

export const unitSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  level: z.string().min(1),
  parentId: z.string().min(1).nullable(),
  validFrom: date,
  /** Last day the record is in force (inclusive); open-ended when absent. */
  validTo: date.nullish(),
  /** The unit that took over this one when it ended. */
  mergedInto: z.string().min(1).nullish(),
});

export const personSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  /** The unit (usually a branch) where the person is a member. */
  memberOf: z.string().min(1).nullish(),
  /**
   * A union cadre (cán bộ đoàn): stated by the directory, never by a requester. When absent, anyone
   * holding an office at some unit (a role other than `member` or `host`) counts as one.
   */
  cadre: z.boolean().optional(),
  /** Where notifications by e-mail go; a person without one gets none (optional: older files stay valid). */
  email: z.email().max(320).nullish(),
  /** The language of their notifications (default Vietnamese). */
  locale: z.enum(['vi', 'en']).nullish(),
});

/**
 * The office a person holds in a unit's committee, as printed under a signature. Only a secretary
 * (Bí thư) and a deputy secretary (Phó Bí thư) sign; an ordinary standing-committee member does not.
 */
export const officeTitles = ['secretary', 'deputySecretary', 'standingMember', 'committeeMember'] as const;
export type OfficeTitle = (typeof officeTitles)[number];

export const roleBindingSchema = z.object({
  personId: z.string().min(1),
  role: z.string().min(1),
  unitId: z.string().min(1),
  validFrom: date,
  validTo: date.nullish(),
  /** A deputy holds the role to sign "KT." (ký thay) on the holder's behalf. */
  deputy: z.boolean().optional(),
  /** The office behind this binding; derived from the role when absent (see `titleAt`). */
  title: z.enum(officeTitles).optional(),
});

export const directoryDataSchema = z.object({
  levels: z.array(levelSchema).min(1),
  units: z.array(unitSchema),
  people: z.array(personSchema),
  bindings: z.array(roleBindingSchema),
});

export type Level = z.infer<typeof levelSchema>;
export type OrgUnit = z.infer<typeof unitSchema>;
export type Person = z.infer<typeof personSchema>;
export type RoleBinding = z.infer<typeof roleBindingSchema>;
export type DirectoryData = z.infer<typeof directoryDataSchema>;

/** Roles whose holder is the unit's secretary (or, as a deputy, its deputy secretary). */
const secretaryRoles = new Set(['branchSecretary', 'baseSecretary', 'standingSecretary']);
/** Roles of a committee's ordinary members. */
const committeeRoles: Readonly<Record<string, OfficeTitle>> = {
  baseStanding: 'standingMember',
  upperStanding: 'standingMember',
  branchCommittee: 'committeeMember',
};
/** Roles that do not make their holder a union cadre. */
const nonCadreRoles = new Set(['member', 'host']);
const titleRank: Readonly<Record<OfficeTitle, number>> = {
  secretary: 0,
  deputySecretary: 1,
  standingMember: 2,
  committeeMember: 3,
};

const inForce = (record: { validFrom: string; validTo?: string | null | undefined }, on: LocalDate) =>
  record.validFrom <= on && (record.validTo == null || on <= record.validTo);

export class OrgDirectory {
  readonly data: DirectoryData;
  private readonly unitRecords = new Map<string, OrgUnit[]>();
  private readonly levels = new Map<string, Level>();
  private readonly peopleById = new Map<string, Person>();
  private readonly bindingsByPerson = new Map<string, RoleBinding[]>();
  /** Bindings by role and unit: `holders` is asked on every step, a province has thousands of bindings. */
  private readonly bindingsByRoleAt = new Map<string, RoleBinding[]>();

  constructor(data: DirectoryData) {
    this.data = data;
    for (const level of data.levels) this.levels.set(level.id, level);
    for (const unit of data.units) {
      if (!this.levels.has(unit.level)) {
        throw new WorkflowError('INVALID_DIRECTORY', `unit ${unit.id} has unknown level ${unit.level}`);
      }
      const records = this.unitRecords.get(unit.id) ?? [];
      records.push(unit);
      this.unitRecords.set(unit.id, records);
    }
    for (const person of data.people) this.peopleById.set(person.id, person);
    for (const binding of data.bindings) {
      const list = this.bindingsByPerson.get(binding.personId) ?? [];
      list.push(binding);
      this.bindingsByPerson.set(binding.personId, list);
      const key = `${binding.role}\u0000${binding.unitId}`;
      const at = this.bindingsByRoleAt.get(key) ?? [];
      at.push(binding);
      this.bindingsByRoleAt.set(key, at);
    }
  }

  /** Parses untrusted JSON (an import) into a directory, with zod issues on failure. */
  static parse(input: unknown): OrgDirectory {
    const parsed = directoryDataSchema.safeParse(input);
    if (!parsed.success) {
      throw new WorkflowError('INVALID_DIRECTORY', 'the directory data is not valid', {
        issues: parsed.error.issues,
      });
    }
    return new OrgDirectory(parsed.data);
  }

  level(id: string): Level | undefined {
    return this.levels.get(id);
  }

  person(id: string): Person | undefined {
    return this.peopleById.get(id);
  }

  /** The record of a unit in force on a date, without following mergers. */
  unitOn(unitId: string, on: LocalDate): OrgUnit | undefined {
    return this.unitRecords.get(unitId)?.find((record) => inForce(record, on));
  }

  /**
   * The unit that answers for `unitId` on a date: itself while it exists, else its successor after a
   * merger (followed transitively). Work addressed to a merged unit goes to whoever took it over.
   */
  resolveUnit(unitId: string, on: LocalDate): OrgUnit | undefined {
    let id = unitId;
    for (let hops = 0; hops < 32; hops += 1) {
      const current = this.unitOn(id, on);
      if (current) return current;
      const ended = this.unitRecords
        .get(id)
        ?.filter((record) => record.mergedInto && record.validTo != null && record.validTo < on)
        .sort((a, b) => (a.validTo! < b.validTo! ? 1 : -1))[0];
      if (!ended?.mergedInto) return undefined;
      id = ended.mergedInto;
    }
    return undefined;
  }

  /** "Cấp trên trực tiếp": the unit directly above, on a date. */
  levelAbove(unitId: string, on: LocalDate): OrgUnit | undefined {
    const unit = this.resolveUnit(unitId, on);
    return unit?.parentId ? this.resolveUnit(unit.parentId, on) : undefined;
  }

  /** Every unit above, nearest first. */
  ancestors(unitId: string, on: LocalDate): OrgUnit[] {
    const chain: OrgUnit[] = [];
    const seen = new Set<string>();
    let current = this.levelAbove(unitId, on);
    while (current && !seen.has(current.id)) {
      chain.push(current);
      seen.add(current.id);
      current = current.parentId ? this.resolveUnit(current.parentId, on) : undefined;
    }
    return chain;
  }

  isAncestor(ancestorId: string, unitId: string, on: LocalDate): boolean {
    return this.ancestors(unitId, on).some((unit) => unit.id === ancestorId);
  }

  /** Units directly below a unit on a date. */
  children(unitId: string, on: LocalDate): OrgUnit[] {
    const result: OrgUnit[] = [];
    for (const records of this.unitRecords.values()) {
      const record = records.find((r) => inForce(r, on));
      if (record?.parentId === unitId) result.push(record);
    }
    return result;
  }

  /**
   * Role bindings of a person in force on a date, on units that still exist then. An officer of a
   * unit that was merged away holds nothing until rebound in the new unit.
   */
  bindingsOf(personId: string, on: LocalDate): RoleBinding[] {
    return (this.bindingsByPerson.get(personId) ?? []).filter(
      (binding) => inForce(binding, on) && this.unitOn(binding.unitId, on) !== undefined,
    );
  }

  /**
   * The office a person holds at a unit on a date, the highest of their bindings there: an explicit
   * `title`, else a secretary role (a deputy's binding: deputy secretary), else a committee role.
   */
  titleAt(personId: string, unitId: string, on: LocalDate): OfficeTitle | undefined {
    let best: OfficeTitle | undefined;
    for (const binding of this.bindingsOf(personId, on)) {
      if (binding.unitId !== unitId) continue;
      const title =
        binding.title ??
        (secretaryRoles.has(binding.role)
          ? binding.deputy
            ? 'deputySecretary'
            : 'secretary'
          : committeeRoles[binding.role]);
      if (title && (!best || titleRank[title] < titleRank[best])) best = title;
    }
    return best;
  }

  /** Whether a person is a union cadre on a date (the directory's flag, else any office held). */
  isCadre(personId: string, on: LocalDate): boolean {
    const stated = this.person(personId)?.cadre;
    if (stated !== undefined) return stated;
    return this.bindingsOf(personId, on).some((binding) => !nonCadreRoles.has(binding.role));
  }

  /** Who holds a role at a unit on a date. */
  holders(role: string, unitId: string, on: LocalDate): RoleBinding[] {
    return (this.bindingsByRoleAt.get(`${role}\u0000${unitId}`) ?? []).filter((binding) =>
      inForce(binding, on),
    );
  }
}

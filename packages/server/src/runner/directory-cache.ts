import { localDate, OrgDirectory, type DirectoryData } from '@doanflow/engine';
import type { Database, Query } from '../db/database.ts';

/** Used until a directory is imported: the engine needs at least one level. */
export const emptyDirectory: DirectoryData = {
  levels: [{ id: 'root', rank: 0, label: { vi: 'Gốc', en: 'Root' } }],
  units: [],
  people: [],
  bindings: [],
};

/**
 * The in-memory OrgDirectory every command runs against, with the derived look-ups the inbox and
 * visibility checks need.
 */
export class DirectoryCache {
  directory: OrgDirectory = new OrgDirectory(emptyDirectory);
  version = 0;
  private unitNames = new Map<string, string>();

  async load(db: Database | { query: Query }): Promise<void> {
    const [row] = await db.query<{ data: DirectoryData; version: number }>(
      'select data, version from directory where id = 1',
    );
    if (row && row.version !== this.version) this.set(row.data, row.version);
  }

  set(data: DirectoryData, version: number): void {
    this.directory = new OrgDirectory(data);
    this.version = version;
    this.unitNames = new Map(data.units.map((unit) => [unit.id, unit.name]));
  }

  unitName(unitId: string | null, on: string): string | null {
    if (!unitId) return null;
    return this.directory.resolveUnit(unitId, on)?.name ?? this.unitNames.get(unitId) ?? null;
  }

  personName(personId: string | null): string | null {
    return personId ? (this.directory.person(personId)?.name ?? null) : null;
  }

  /** The (role, unit) pairs a person acts for on the day of `now`. */
  actsFor(personId: string, now: Date): [string, string][] {
    return this.directory
      .bindingsOf(personId, localDate(now))
      .map((binding): [string, string] => [binding.role, binding.unitId]);
  }

  /**
   * A unit and every unit above it, nearest first (mergers followed, as `isAncestor` does): stored on
   * task rows so the inbox finds "tasks at or under X" without listing X's descendants.
   */
  unitPath(unitId: string | null, on: string): string[] {
    if (!unitId) return [];
    return [unitId, ...this.directory.ancestors(unitId, on).map((unit) => unit.id)];
  }

  /** Whether any unit record starts or ends between two days (`from` exclusive, `to` inclusive). */
  treeChangedBetween(from: string, to: string): boolean {
    const [early, late] = from <= to ? [from, to] : [to, from];
    // A record ending on day d (inclusive) changes the tree on the day after: d is in [early, late).
    return this.directory.data.units.some(
      (unit) =>
        (unit.validFrom > early && unit.validFrom <= late) ||
        (unit.validTo != null && unit.validTo >= early && unit.validTo < late),
    );
  }
}

/** Merges effective-dated records: a later record with the same key replaces the earlier one. */
export function mergeDirectory(base: DirectoryData, update: DirectoryData): DirectoryData {
  const merge = <T>(a: T[], b: T[], key: (item: T) => string) => {
    const byKey = new Map(a.map((item) => [key(item), item]));
    for (const item of b) byKey.set(key(item), item);
    return [...byKey.values()];
  };
  return {
    levels: merge(base.levels, update.levels, (level) => level.id),
    units: merge(base.units, update.units, (unit) => `${unit.id}|${unit.validFrom}`),
    people: merge(base.people, update.people, (person) => person.id),
    bindings: merge(
      base.bindings,
      update.bindings,
      (b) => `${b.personId}|${b.role}|${b.unitId}|${b.validFrom}`,
    ),
  };
}

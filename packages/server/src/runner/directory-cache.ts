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
 * visibility checks need (cached per directory version and date).
 */
export class DirectoryCache {
  directory: OrgDirectory = new OrgDirectory(emptyDirectory);
  version = 0;
  private readonly descendantCache = new Map<string, Map<string, string[]>>();
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
    this.descendantCache.clear();
    this.unitNames = new Map(data.units.map((unit) => [unit.id, unit.name]));
  }

  unitName(unitId: string | null, on: string): string | null {
    if (!unitId) return null;
    return this.directory.resolveUnit(unitId, on)?.name ?? this.unitNames.get(unitId) ?? null;
  }

  personName(personId: string | null): string | null {
    return personId ? (this.directory.person(personId)?.name ?? null) : null;
  }

  /** Every unit strictly below `unitId` on a date. */
  descendants(unitId: string, on: string): string[] {
    let byUnit = this.descendantCache.get(on);
    if (!byUnit) {
      byUnit = this.buildDescendants(on);
      if (this.descendantCache.size > 8) this.descendantCache.clear();
      this.descendantCache.set(on, byUnit);
    }
    return byUnit.get(unitId) ?? [];
  }

  /** The (role, unit) pairs a person acts for, and the pairs reachable through "or above" tasks. */
  reach(personId: string, now: Date): { own: [string, string][]; below: [string, string][] } {
    const on = localDate(now);
    const own: [string, string][] = [];
    const below: [string, string][] = [];
    for (const binding of this.directory.bindingsOf(personId, on)) {
      own.push([binding.role, binding.unitId]);
      for (const unitId of this.descendants(binding.unitId, on)) below.push([binding.role, unitId]);
    }
    return { own, below };
  }

  private buildDescendants(on: string): Map<string, string[]> {
    const children = new Map<string, string[]>();
    const ids = new Set(this.directory.data.units.map((unit) => unit.id));
    for (const id of ids) {
      const record = this.directory.unitOn(id, on);
      if (!record?.parentId) continue;
      const siblings = children.get(record.parentId) ?? [];
      siblings.push(id);
      children.set(record.parentId, siblings);
    }
    const result = new Map<string, string[]>();
    const collect = (id: string, seen: Set<string>): string[] => {
      const cached = result.get(id);
      if (cached) return cached;
      const all: string[] = [];
      for (const child of children.get(id) ?? []) {
        if (seen.has(child)) continue;
        seen.add(child);
        all.push(child, ...collect(child, seen));
      }
      result.set(id, all);
      return all;
    };
    for (const id of ids) collect(id, new Set([id]));
    return result;
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

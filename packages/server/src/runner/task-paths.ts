import { localDate, type DirectoryData } from '@doanflow/engine';
import type { Database, Query } from '../db/database.ts';
import type { DirectoryCache } from './directory-cache.ts';

interface DirectoryState {
  version: number;
  task_paths: string | null;
}

const keyOf = (version: number, on: string) => `${version}@${on}`;

/** Units whose unset paths one inbox request repairs at most (the next request does the rest). */
const REPAIR_UNITS = 1_000;

/**
 * True when some task row has no unit path: one look through an index that holds only such rows
 * (Migration20261204000100), free when there are none. A column of the inbox's statement.
 */
export const UNSET_PATHS_PROBE = `exists (select 1 from tasks where unit_id is not null and unit_path = '{}')`;

/**
 * Keeps the task rows' `unit_path` (see Migration20261124000000_task_unit_path) on the tree the inbox
 * asks about: the current directory version on today's date. A step writes its rows' paths itself;
 * what moves them all is an import (a new version) or a day on which a unit record starts or ends
 * (a re-parenting or merger dated ahead). Checked once per process per version and day.
 *
 * Rows another release wrote without a path (one older than the column, during a rolling deploy or
 * after a downgrade) are looked for on every inbox query (UNSET_PATHS_PROBE, asked in the inbox's own
 * statement) and repaired before it is asked again: the marker says nothing about them.
 */
export class TaskPaths {
  private checked: string | null = null;
  private readonly db: Database;
  private readonly cache: DirectoryCache;

  constructor(db: Database, cache: DirectoryCache) {
    this.db = db;
    this.cache = cache;
  }

  /** The paths on today's tree, rows without one repaired: for readers that do not probe themselves. */
  async ensure(now: Date): Promise<void> {
    await this.ensureTree(now);
    await this.repairUnset(now);
  }

  /** The paths follow the directory's version and today's tree: no statement once checked. */
  async ensureTree(now: Date): Promise<void> {
    const on = localDate(now);
    if (this.checked === keyOf(this.cache.version, on)) return;
    const [row] = await this.db.query<DirectoryState>(
      'select version, task_paths from directory where id = 1',
    );
    if (row && !this.upToDate(row, on)) await this.refresh(on);
    this.checked = keyOf(this.cache.version, on);
  }

  /** Gives rows written without a path theirs, up to REPAIR_UNITS units at a time. */
  async repairUnset(now: Date): Promise<void> {
    const on = localDate(now);
    const unset = await this.db.query<{ unit_id: string }>(
      `select distinct unit_id from tasks where unit_id is not null and unit_path = '{}' limit ${REPAIR_UNITS}`,
      [],
      'doanflow_unset_unit_paths',
    );
    if (unset.length === 0) return;
    const paths = Object.fromEntries(unset.map(({ unit_id }) => [unit_id, this.cache.unitPath(unit_id, on)]));
    await this.db.query(
      `update tasks t set unit_path = array(select jsonb_array_elements_text(p.value))
         from jsonb_each($1::jsonb) p
        where t.unit_id = p.key and t.unit_path = '{}'`,
      [JSON.stringify(paths)],
    );
  }

  private upToDate(row: DirectoryState, on: string): boolean {
    if (row.version !== this.cache.version || !row.task_paths) return false;
    const [version, day] = row.task_paths.split('@');
    return Number(version) === row.version && !this.cache.treeChangedBetween(day!, on);
  }

  /** One statement over every row whose path differs; processes take turns on the directory row. */
  private async refresh(on: string): Promise<void> {
    // Every task row of a big base may move: no request deadline on this one.
    await this.db.longRunning.transaction(async (query) => {
      const [row] = await query<DirectoryState>(
        'select version, task_paths from directory where id = 1 for update',
      );
      if (!row) return;
      if (row.version !== this.cache.version) await this.reload(query);
      if (this.upToDate(row, on)) return;
      const paths: Record<string, string[]> = {};
      for (const unit of this.cache.directory.data.units) paths[unit.id] ??= this.cache.unitPath(unit.id, on);
      // A unit the directory no longer knows has nothing above it.
      await query(
        `with p as (
           select key as unit_id, array(select jsonb_array_elements_text(value)) as path
           from jsonb_each($1::jsonb))
         update tasks t set unit_path = coalesce(p.path, array[s.unit_id])
         from tasks s left join p on p.unit_id = s.unit_id
         where t.id = s.id and s.unit_id is not null
           and s.unit_path is distinct from coalesce(p.path, array[s.unit_id])`,
        [JSON.stringify(paths)],
      );
      await query('update directory set task_paths = $1 where id = 1', [keyOf(row.version, on)]);
    });
  }

  private async reload(query: Query): Promise<void> {
    const [row] = await query<{ data: DirectoryData; version: number }>(
      'select data, version from directory where id = 1',
    );
    if (row) this.cache.set(row.data, row.version);
  }
}

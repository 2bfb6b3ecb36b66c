import type { AttachmentStore } from '../attachments/attachment-store.ts';
import type { Database } from '../db/database.ts';
import { foldStepTimes } from '../reports/fold-step-times.ts';

export interface HousekeepingOptions {
  db: Database;
  clock?: { now(): Date };
  /** Delivered outbox rows are kept this long, for an operator's questions (default 7 days). */
  keepDeliveredMs?: number;
  /**
   * An Idempotency-Key answers retries this long (default 24 h, as payment APIs do); after that the
   * same key is a new request. History keeps every decision forever regardless.
   */
  keepKeysMs?: number;
  /** Notifications sent, failed, bundled or cancelled are listed this long (default 90 days). */
  keepNotificationsMs?: number;
  /** Uploads no event referenced are deleted after `keepUploadsMs` (default 24 h), then their bytes. */
  attachments?: AttachmentStore;
  keepUploadsMs?: number;
  /** Rows deleted per statement, so a big backlog never holds long locks (default 5,000). */
  batchSize?: number;
  /**
   * Where nothing else vacuums (PGlite has no autovacuum; some PostgreSQL servers turn it off), the
   * tables every decision rewrites are vacuumed this often (default 10 min). Dead task rows would
   * otherwise slow every inbox at a busy base.
   */
  vacuumEveryMs?: number;
  /**
   * Tables that have doubled since their statistics were taken are analyzed, checked this often
   * (default 5 s; analyzeGrownTables).
   */
  statisticsEveryMs?: number;
  /** Rows an older release left without a derived column are filled in this often (default 15 s). */
  repairEveryMs?: number;
  /** Moves appended for the reports are folded into their rollup this often (default 15 s). */
  foldEveryMs?: number;
  log?: (message: string, error?: unknown) => void;
}

/** The tables every decision or timer rewrites rows of. */
const CHURNING_TABLES = 'tasks, timers, instances, outbox, idempotency_keys, report_step_time_deltas';

export interface PruneReport {
  outbox: number;
  idempotencyKeys: number;
  /** Notification rows past their listing time, deleted (their keys may then be derived anew). */
  notifications: number;
  /** Uploads never referenced by an event, deleted. */
  uploads: number;
  /** Stored contents no attachment points at any more, deleted. */
  blobs: number;
}

const DAY_MS = 86_400_000;

/** A table is analyzed once it fills this many times the pages its statistics say, and … */
const GROWTH_FACTOR = 2;
/** … at least this many more (128 KiB): below that, any plan reads it quickly. */
const GROWN_PAGES = 16;

/**
 * Deletes what only grows and is only needed for a while: delivered outbox messages, old
 * idempotency keys with their stored answers, notifications done with long ago, and uploads no event ever referenced (with their
 * bytes when nothing else points at them; a referenced attachment is never deleted). Several processes may prune at once: deletes of the
 * same rows just find fewer.
 */
export class Housekeeping {
  private readonly options: HousekeepingOptions;
  private readonly intervals: NodeJS.Timeout[] = [];
  private running: Promise<unknown> | null = null;

  constructor(options: HousekeepingOptions) {
    this.options = options;
  }

  async pruneOnce(): Promise<PruneReport> {
    const now = (this.options.clock ?? { now: () => new Date() }).now().getTime();
    const deliveredBefore = new Date(now - (this.options.keepDeliveredMs ?? 7 * DAY_MS)).toISOString();
    const keysBefore = new Date(now - (this.options.keepKeysMs ?? DAY_MS)).toISOString();
    const notificationsBefore = new Date(
      now - (this.options.keepNotificationsMs ?? 90 * DAY_MS),
    ).toISOString();
    const uploadsBefore = new Date(now - (this.options.keepUploadsMs ?? DAY_MS));
    const { attachments } = this.options;
    const uploads = attachments ? await attachments.pruneUnreferenced(uploadsBefore) : 0;
    const blobs = attachments ? await attachments.collectBlobs(uploadsBefore) : 0;
    return {
      uploads,
      blobs,
      outbox: await this.deleteInBatches(
        `delete from outbox where id in (
           select id from outbox where delivered_at < $1 limit $2)`,
        deliveredBefore,
      ),
      idempotencyKeys: await this.deleteInBatches(
        `delete from idempotency_keys where (principal, key) in (
           select principal, key from idempotency_keys where created_at < $1 limit $2)`,
        keysBefore,
      ),
      notifications: await this.deleteInBatches(
        `delete from notifications where key in (
           select key from notifications where created_at < $1
             and state in ('sent', 'failed', 'bundled', 'cancelled') limit $2)`,
        notificationsBefore,
      ),
    };
  }

  /**
   * Fills in what a release older than a derived column leaves unset while it runs beside this one
   * (a rolling deploy) or after a downgrade: the participants of the instances it started, from their
   * history. A trigger lists such rows in `unset_participants`, so this costs nothing when there are
   * none. (Task unit paths are completed before every inbox query instead: runner/task-paths.ts.)
   */
  async repairUnset(): Promise<number> {
    const batch = this.options.batchSize ?? 5_000;
    let repaired = 0;
    for (;;) {
      const [row] = await this.options.db.query<{ taken: number; repaired: number }>(
        `with taken as (
           delete from unset_participants
            where instance_id in (select instance_id from unset_participants limit $1)
           returning instance_id),
         repaired as (
           update instances i set participant_ids = array(
               select distinct person from (
                 select h.actor_person_id as person from history h where h.instance_id = i.id
                 union all select i.subject_person_id) people
               where person is not null order by person)
             from taken where i.id = taken.instance_id and i.participant_ids is null
           returning 1)
         select (select count(*) from taken)::int as taken, (select count(*) from repaired)::int as repaired`,
        [batch],
      );
      repaired += row?.repaired ?? 0;
      if ((row?.taken ?? 0) < batch) return repaired;
    }
  }

  /** Folds the moves appended for the reports into their rollup (reports/fold-step-times.ts). */
  foldReportRollups(): Promise<number> {
    return foldStepTimes(this.options.db.query, this.options.batchSize ?? 5_000);
  }

  /** Vacuums the churning tables when the database does not do it by itself; true if it did. */
  async vacuumIfNeeded(): Promise<boolean> {
    const { db } = this.options;
    if (db.kind !== 'pglite') {
      const [setting] = await db.query<{ on: string }>(`select current_setting('autovacuum') as on`);
      if (setting?.on === 'on') return false;
    }
    await db.longRunning.query(`vacuum (analyze) ${CHURNING_TABLES}`);
    return true;
  }

  /**
   * Analyzes the tables that have grown to twice the size their statistics say; returns their names.
   * Each pooled connection keeps its plans until a table's statistics change, and a plan made while a
   * table was small may scan it whole: on a new database, a decision's write statement planned during
   * its first steps went on scanning every instance and task row, 24 ms per decision at 15,000
   * instances (bench/RESULTS.md, stop 39). Analyzing replaces those plans. Autovacuum analyzes too, but
   * only once a minute, and not at all where it is off or on PGlite; a table that doubles is analyzed
   * a few times in its life (also a restored database, whose tables have no statistics at all).
   */
  async analyzeGrownTables(): Promise<string[]> {
    const { db } = this.options;
    // Pages, not rows: PostgreSQL counts rows for its statistics views in each connection and
    // reports them late (PGlite not at all), while a table's size on disk is always current.
    const grown = await db.query<{ name: string }>(
      `select relname as name from pg_class
       where relnamespace = current_schema()::regnamespace and relkind = 'r'
         and pg_relation_size(oid) / current_setting('block_size')::int > $1 * relpages + $2
       order by relname`,
      [GROWTH_FACTOR, GROWN_PAGES],
    );
    if (grown.length === 0) return [];
    // skip_locked: another server's pass analyzing the same table meanwhile is enough.
    await db.longRunning.query(`analyze (skip_locked) ${grown.map(({ name }) => `"${name}"`).join(', ')}`);
    return grown.map(({ name }) => name);
  }

  start(intervalMs = 3_600_000): void {
    const once = (work: () => Promise<unknown>) => () => {
      this.running ??= work()
        .catch((error) => this.options.log?.('housekeeping failed (the next run retries)', error))
        .finally(() => {
          this.running = null;
        });
    };
    const prune = once(() => this.pruneOnce());
    const vacuum = once(() => this.vacuumIfNeeded());
    const analyze = once(() => this.analyzeGrownTables());
    const repair = once(() => this.repairUnset());
    const fold = once(() => this.foldReportRollups());
    for (const [work, ms] of [
      [prune, intervalMs],
      [vacuum, this.options.vacuumEveryMs ?? 600_000],
      [analyze, this.options.statisticsEveryMs ?? 5_000],
      [repair, this.options.repairEveryMs ?? 15_000],
      [fold, this.options.foldEveryMs ?? 15_000],
    ] as const) {
      const interval = setInterval(work, ms);
      interval.unref();
      this.intervals.push(interval);
    }
    prune();
  }

  async stop(): Promise<void> {
    for (const interval of this.intervals) clearInterval(interval);
    this.intervals.length = 0;
    await this.running;
  }

  private async deleteInBatches(sql: string, before: string): Promise<number> {
    const batch = this.options.batchSize ?? 5_000;
    let deleted = 0;
    for (;;) {
      const rows = await this.options.db.query(`${sql} returning 1`, [before, batch]);
      deleted += rows.length;
      if (rows.length < batch) return deleted;
    }
  }
}

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
   * history. An index holds only such rows, so this costs nothing when there are none. (Task unit
   * paths are completed before every inbox query instead: runner/task-paths.ts.)
   */
  async repairUnset(): Promise<number> {
    const batch = this.options.batchSize ?? 5_000;
    let repaired = 0;
    for (;;) {
      const rows = await this.options.db.query(
        `update instances i set participant_ids = array(
             select distinct person from (
               select h.actor_person_id as person from history h where h.instance_id = i.id
               union all select i.subject_person_id) people
             where person is not null order by person)
           where i.id in (select id from instances where participant_ids is null limit $1)
         returning 1`,
        [batch],
      );
      repaired += rows.length;
      if (rows.length < batch) return repaired;
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
    const repair = once(() => this.repairUnset());
    const fold = once(() => this.foldReportRollups());
    for (const [work, ms] of [
      [prune, intervalMs],
      [vacuum, this.options.vacuumEveryMs ?? 600_000],
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

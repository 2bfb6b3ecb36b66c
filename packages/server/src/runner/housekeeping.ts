import type { Database } from '../db/database.ts';

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
  /** Rows deleted per statement, so a big backlog never holds long locks (default 5,000). */
  batchSize?: number;
  log?: (message: string, error?: unknown) => void;
}

export interface PruneReport {
  outbox: number;
  idempotencyKeys: number;
}

const DAY_MS = 86_400_000;

/**
 * Deletes what only grows and is only needed for a while: delivered outbox messages and old
 * idempotency keys with their stored answers. Several processes may prune at once: deletes of the
 * same rows just find fewer.
 */
export class Housekeeping {
  private readonly options: HousekeepingOptions;
  private interval: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(options: HousekeepingOptions) {
    this.options = options;
  }

  async pruneOnce(): Promise<PruneReport> {
    const now = (this.options.clock ?? { now: () => new Date() }).now().getTime();
    const deliveredBefore = new Date(now - (this.options.keepDeliveredMs ?? 7 * DAY_MS)).toISOString();
    const keysBefore = new Date(now - (this.options.keepKeysMs ?? DAY_MS)).toISOString();
    return {
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
    };
  }

  start(intervalMs = 3_600_000): void {
    const run = () => {
      this.running ??= this.pruneOnce()
        .catch((error) => this.options.log?.('housekeeping failed (the next run retries)', error))
        .finally(() => {
          this.running = null;
        });
    };
    this.interval = setInterval(run, intervalMs);
    this.interval.unref();
    run();
  }

  async stop(): Promise<void> {
    if (this.interval) clearInterval(this.interval);
    this.interval = null;
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

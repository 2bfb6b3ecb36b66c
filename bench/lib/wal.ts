import { adminUrl } from './env.ts';
import { withClient } from './setup.ts';

export interface WalCounters {
  records: number;
  fullPages: number;
  bytes: number;
}

/**
 * PostgreSQL's WAL counters (pg_stat_wal: the whole server, so a level's figure includes whatever
 * else wrote meanwhile). Full-page images are the first change to each page after a checkpoint:
 * the more distinct pages a decision touches, the more of them.
 */
export async function walCounters(): Promise<WalCounters> {
  return withClient(adminUrl, async (client) => {
    const { rows } = await client.query(`select wal_records, wal_fpi, wal_bytes from pg_stat_wal`);
    return {
      records: Number(rows[0].wal_records),
      fullPages: Number(rows[0].wal_fpi),
      bytes: Number(rows[0].wal_bytes),
    };
  });
}

/** WAL per operation between two readings. */
export const walPer = (before: WalCounters, after: WalCounters, operations: number): WalCounters => ({
  records: (after.records - before.records) / Math.max(operations, 1),
  fullPages: (after.fullPages - before.fullPages) / Math.max(operations, 1),
  bytes: (after.bytes - before.bytes) / Math.max(operations, 1),
});

export const formatWal = (wal: WalCounters | undefined) =>
  wal
    ? `WAL ${(wal.bytes / 1024).toFixed(1)} KiB, ${wal.fullPages.toFixed(2)} full pages, ${wal.records.toFixed(1)} records per operation`
    : 'WAL –';

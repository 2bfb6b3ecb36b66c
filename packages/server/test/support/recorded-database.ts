import type { Database } from '../../src/db/database.ts';

export interface RecordedTransaction {
  statements: string[];
  /** The settings in force when `work` was done, as the commit ran with them. */
  settings: { synchronous_commit: string; enable_bitmapscan: string };
}

/** The commit that a crash lost: the transaction is rolled back after its work. */
export class LostCommit extends Error {}

/**
 * The same database, recording each transaction's statements and settings; with `loseCommits`, every
 * transaction is rolled back after its work, as a commit lost in a crash is lost whole.
 */
export function recordedDatabase(
  db: Database,
  options: { loseCommits?: boolean } = {},
): { db: Database; transactions: RecordedTransaction[] } {
  const transactions: RecordedTransaction[] = [];
  return {
    transactions,
    db: {
      ...db,
      transaction: (work) =>
        db.transaction(async (query) => {
          const statements: string[] = [];
          const result = await work((sql, params, name) => {
            statements.push(sql);
            return query(sql, params, name);
          });
          const [settings] = await query<RecordedTransaction['settings']>(
            `select current_setting('synchronous_commit') as synchronous_commit,
               current_setting('enable_bitmapscan') as enable_bitmapscan`,
          );
          transactions.push({ statements, settings: settings! });
          if (options.loseCommits) throw new LostCommit('the commit did not reach the disk');
          return result;
        }),
    },
  };
}

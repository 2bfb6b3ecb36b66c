import type { PGlite } from '@electric-sql/pglite';
import { canonicalPgliteParsers } from './canonical-json.ts';
import { asUnavailable, type Database, type Query } from './database.ts';

/** A Database on the in-process PGlite instance; PGlite itself runs one transaction at a time. */
export function pgliteDatabase(pglite: PGlite, close: () => Promise<void>): Database {
  const run =
    (target: Pick<PGlite, 'query'>): Query =>
    async <Row>(sql: string, params: unknown[] = []) => {
      try {
        return (await target.query<Row>(sql, params, { parsers: canonicalPgliteParsers })).rows;
      } catch (error) {
        throw asUnavailable(error);
      }
    };
  const database: Database = {
    kind: 'pglite',
    schema: 'public',
    query: run(pglite),
    transaction: (work) => pglite.transaction((tx) => work(run(tx))),
    // In this process: no network to stall, no deadline to lift.
    get longRunning() {
      return database;
    },
    close,
  };
  return database;
}

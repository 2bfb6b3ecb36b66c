import { benchUrl } from './env.ts';
import { withClient } from './setup.ts';

/** Updates of the instances' rows, and how many of them stayed on their page (heap-only, HOT). */
export interface RowUpdates {
  updates: number;
  inPlace: number;
}

/**
 * PostgreSQL's count of the bench database's instance row updates so far (pg_stat_user_tables). A
 * backend reports its counts when idle, within ~10 s: read it a while after the load.
 */
export function instanceRowUpdates(): Promise<RowUpdates> {
  return withClient(benchUrl, async (client) => {
    const { rows } = await client.query<{ updates: string; in_place: string }>(
      `select n_tup_upd as updates, n_tup_hot_upd as in_place from pg_stat_user_tables
        where relname = 'instances' and schemaname = current_schema()`,
    );
    return { updates: Number(rows[0]?.updates ?? 0), inPlace: Number(rows[0]?.in_place ?? 0) };
  });
}

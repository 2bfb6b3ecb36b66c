/**
 * The bench opens the PGlite folder itself while no server runs (PGlite lets one process at a time
 * open a folder): to write the first directory row and for the bulk load.
 */
import { execFileSync } from 'node:child_process';
import { demoDirectoryData } from '../../packages/engine/src/index.ts';
import { openDatabase } from '../../packages/server/src/db/open-database.ts';
import { serverRequire } from './env.ts';
import { bulkLoad, type BulkFigures, type BulkPool, type Templates } from './inbox.ts';
import type { Province } from './province.ts';

type PGliteModule = typeof import('@electric-sql/pglite');
const { PGlite } = serverRequire('@electric-sql/pglite') as PGliteModule;
const { pg_trgm } = serverRequire(
  '@electric-sql/pglite/contrib/pg_trgm',
) as typeof import('@electric-sql/pglite/contrib/pg_trgm');

/** The server's migrations (its own openDatabase) and the demo directory, whose p-yen may import more. */
export async function bootstrap(dataDir: string): Promise<void> {
  const { db } = await openDatabase({ dataDir });
  try {
    await db.query(`insert into directory (id, data, version, updated_at) values (1, $1::jsonb, 1, now())`, [
      JSON.stringify(demoDirectoryData),
    ]);
  } finally {
    await db.close();
  }
}

export type LoadedFolder = BulkFigures & { allInstances: number; dataDirMiB: number; busiestBase: string };

/** Bulk-loads the stopped server's folder with the same generate_series statements as PostgreSQL. */
export async function loadFolder(
  dataDir: string,
  templateIds: string[],
  bases: Province['bases'],
  size: { instances: number; tasks: number },
): Promise<LoadedFolder> {
  const pglite = await PGlite.create({ dataDir, extensions: { pg_trgm } });
  try {
    const rows = async (sql: string, params: unknown[]) => (await pglite.query<any>(sql, params)).rows;
    const templates: Templates = new Map();
    for (const id of templateIds) {
      const [{ instance }] = await rows('select row_to_json(i) as instance from instances i where id = $1', [
        id,
      ]);
      const history = (
        await rows(
          'select row_to_json(h) as h from history h where instance_id = $1 order by seq desc limit 1',
          [id],
        )
      )[0]?.h;
      const tasks = (
        await rows("select to_jsonb(t) - 'id' as t from tasks t where instance_id = $1 order by id", [id])
      ).map((r) => r.t);
      const timers = (
        await rows(`select row_to_json(t) as t from timers t where instance_id = $1 and status = 'pending'`, [
          id,
        ])
      ).map((r) => r.t);
      templates.set(instance.state, { instance, history, tasks, timers, outbox: [] });
    }
    // bulkLoad runs two statements at once on a pool; PGlite queues them on its one session.
    const pool: BulkPool = {
      query: async (sql, params) => {
        const result = await pglite.query<any>(sql, params);
        return { rows: result.rows, rowCount: result.affectedRows ?? null };
      },
      end: async () => {},
    };
    const bulk = await bulkLoad(templates, bases, size.instances, size.tasks, pool);
    const [{ count }] = await rows('select count(*)::int as count from instances', []);
    // The generate_series spread leaves some bases without tasks: time the inbox of one that has most.
    const [{ unit_id: busiestBase }] = await rows(
      `select unit_id, count(*) from tasks where unit_id ~ '^b[0-9]{4}$' group by 1 order by 2 desc, 1 limit 1`,
      [],
    );
    await pglite.query('checkpoint');
    return { ...bulk, allInstances: count, dataDirMiB: 0, busiestBase };
  } finally {
    await pglite.close();
  }
}

/** Size of a folder in MiB (du), for the report. */
export const folderMiB = (dir: string) =>
  Number(execFileSync('du', ['-sk', dir], { encoding: 'utf8' }).split('\t')[0]) / 1024;

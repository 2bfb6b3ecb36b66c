/**
 * `pnpm --filter @doanflow/server db:migrate`: applies pending migrations to DATABASE_URL, or to the
 * embedded database under DOANFLOW_DATA_DIR (default `<checkout>/.data`, as the server uses).
 */
import { defaultDataDir } from '../config.ts';
import { openDatabase } from '../db/open-database.ts';

const databaseUrl = process.env['DATABASE_URL'] || undefined;
const dataDir = process.env['DOANFLOW_DATA_DIR'] || defaultDataDir;
const { db } = await openDatabase({
  databaseUrl,
  dataDir,
  schema: process.env['DATABASE_SCHEMA'] || undefined,
});
await db.close();
console.log(`migrations applied (${databaseUrl ? 'PostgreSQL' : `PGlite at ${dataDir}`})`);

/**
 * `pnpm --filter @doanflow/server db:migrate`: applies pending migrations to DATABASE_URL, or to the
 * embedded database under DOANFLOW_DATA_DIR (default `.data` in the folder it runs in, as the server), and
 * says what it applied. A database newer than this release is refused, untouched, in one line.
 */
import { defaultDataDir } from '../config.ts';
import { openDatabase } from '../db/open-database.ts';
import { SchemaVersionError } from '../db/schema-version.ts';
import { SERVER_VERSION } from '../version.ts';

const databaseUrl = process.env['DATABASE_URL'] || undefined;
const dataDir = process.env['DOANFLOW_DATA_DIR'] || defaultDataDir;
const where = databaseUrl ? 'PostgreSQL' : `PGlite at ${dataDir}`;
try {
  const { db, schema } = await openDatabase({
    databaseUrl,
    dataDir,
    schema: process.env['DATABASE_SCHEMA'] || undefined,
  });
  await db.close();
  const version = schema.current?.version ?? schema.own.version;
  console.log(
    schema.applied.length === 0
      ? `up to date (${where}): schema ${version}, no migration to apply (doanflow ${SERVER_VERSION})`
      : `applied ${schema.applied.length} migration${schema.applied.length === 1 ? '' : 's'} (${where}), ` +
          `schema ${schema.found?.version ?? 'none'} → ${version}:\n` +
          schema.applied.map((name) => `  ${name}`).join('\n'),
  );
} catch (error) {
  if (!(error instanceof SchemaVersionError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}

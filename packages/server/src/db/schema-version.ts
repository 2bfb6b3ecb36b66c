import { SCHEMA } from '../persistence/migrations/index.ts';
import { SERVER_VERSION } from '../version.ts';
import type { Query } from './database.ts';

/** What a database's `schema_version` row says. */
export interface RecordedSchema {
  version: number;
  /** The oldest schema whose servers may run on this one. */
  compatibleFrom: number;
  /** The release that migrated the database to this version. */
  writtenBy: string;
}

/** What opening the database found and did, for the log and `db:migrate`. */
export interface SchemaStatus {
  /** This server's schema. */
  own: { version: number; compatibleFrom: number };
  /** What the database held before this start; null when it had no doanflow tables. */
  found: RecordedSchema | null;
  /** Migrations applied now, in order. */
  applied: string[];
  /** Where the database is now. */
  current: RecordedSchema | null;
}

/** An older server on a newer schema that does not declare it compatible: refused, in one line. */
export class SchemaVersionError extends Error {
  override readonly name = 'SchemaVersionError';
}

/** Release 0.1.0 had migrations but no `schema_version` row: that is schema 1. */
const FIRST_RELEASE: RecordedSchema = { version: 1, compatibleFrom: 1, writtenBy: '0.1.0' };

/** Reads the schema's version (in `schema`, not wherever the search path finds one). */
export async function readSchema(query: Query, schema: string): Promise<RecordedSchema | null> {
  const [tables] = await query<{ versioned: boolean; migrated: boolean }>(
    `select to_regclass($1) is not null as versioned, to_regclass($2) is not null as migrated`,
    [`"${schema}".schema_version`, `"${schema}".mikro_orm_migrations`],
  );
  if (tables?.versioned) {
    const [row] = await query<{ version: number; compatible_from: number; written_by: string }>(
      `select version, compatible_from, written_by from "${schema}".schema_version where id = 1`,
    );
    if (row) return { version: row.version, compatibleFrom: row.compatible_from, writtenBy: row.written_by };
  }
  if (!tables?.migrated) return null;
  const [applied] = await query<{ n: string }>(`select count(*) as n from "${schema}".mikro_orm_migrations`);
  return Number(applied?.n ?? 0) > 0 ? FIRST_RELEASE : null;
}

/**
 * Throws unless this server may run on what it found: the same or an older schema (it migrates),
 * or a newer one that declares this server's schema compatible.
 */
export function checkSchema(found: RecordedSchema | null, own = SCHEMA, release = SERVER_VERSION): void {
  if (!found || found.version <= own.version || own.version >= found.compatibleFrom) return;
  throw new SchemaVersionError(
    `doanflow ${release} (schema ${own.version}) cannot run on this database: it is at schema ` +
      `${found.version} (migrated by doanflow ${found.writtenBy}), which only servers of schema ` +
      `${found.compatibleFrom} or newer may use; deploy doanflow ${found.writtenBy} or newer, or ` +
      `restore the backup taken before the upgrade (docs/operations.md)`,
  );
}

/** After migrating: the row says this server's schema, unless the database is already further on. */
export async function recordSchema(query: Query, schema: string, own = SCHEMA): Promise<void> {
  await query(
    `insert into "${schema}".schema_version (id, version, compatible_from, written_by) values (1, $1, $2, $3)
     on conflict (id) do update set version = excluded.version, compatible_from = excluded.compatible_from,
       written_by = excluded.written_by, updated_at = now()
     where schema_version.version < excluded.version`,
    [own.version, own.compatibleFrom, SERVER_VERSION],
  );
}

/** One line for the server's log. */
export function describeSchema(status: SchemaStatus): string {
  const { own, found, applied, current } = status;
  const at = current ?? found;
  if (applied.length > 0) {
    const from = found ? `schema ${found.version}` : 'an empty database';
    return (
      `database: applied ${applied.length} migration${applied.length === 1 ? '' : 's'} at start ` +
      `(${from} → schema ${at?.version ?? own.version}): ${applied.join(', ')}`
    );
  }
  if (at && at.version > own.version) {
    return (
      `database: schema ${at.version} (migrated by doanflow ${at.writtenBy}) is newer than this ` +
      `server's schema ${own.version} and lets servers of schema ${at.compatibleFrom} or newer run on it`
    );
  }
  if (!at || at.version < own.version) {
    return `database: schema ${at?.version ?? 'none'}, older than this server's ${own.version}; not migrated`;
  }
  return `database: schema ${at.version}, migrations up to date`;
}

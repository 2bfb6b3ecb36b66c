import { mkdirSync } from 'node:fs';
import { Migrator } from '@mikro-orm/migrations';
import { MikroORM as PostgresORM, type PostgreSqlConnection } from '@mikro-orm/postgresql';
import type { MikroORM } from '@mikro-orm/core';
import type { PGlite } from '@electric-sql/pglite';
import { migrationsList, SCHEMA } from '../persistence/migrations/index.ts';
import type { Database } from './database.ts';
import { postgresDatabase } from './postgres-database.ts';
import { checkSchema, readSchema, recordSchema, type SchemaStatus } from './schema-version.ts';

export interface DatabaseConfig {
  /** Real PostgreSQL; without it, PGlite runs in-process. */
  databaseUrl?: string;
  /** PGlite's data folder (`memory://` keeps nothing). */
  dataDir?: string;
  /** PGlite's shared_buffers: its buffer cache lives in the server's memory (default 32MB). */
  pgliteSharedBuffers?: string;
  /** PostgreSQL schema for every table (tests use one per file). */
  schema?: string;
  poolSize?: number;
  /** Connections beyond the pool's lasting few close after this long idle (default 60 s). */
  poolIdleMs?: number;
  /** A statement unanswered this long fails with 503 and its connection is dropped (default 10 s; 0: never). */
  statementTimeoutMs?: number;
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  /**
   * PostgreSQL only: a transaction's statements asked for together (a signing's PDF and its step)
   * are sent without waiting for each other's answers, node-postgres's pipelining; each still gets
   * its own answer or error. Default on: on one machine a signing's transaction took 30% less time,
   * throughput moved within the noise, and the chaos suite passed with it (bench/RESULTS.md, stop 40).
   */
  pipeline?: boolean;
}

export interface OpenedDatabase {
  db: Database;
  orm: MikroORM;
  /** The embedded database itself (no DATABASE_URL): BullMQ can keep its jobs in it. */
  pglite?: PGlite;
  /** The schema version found, the migrations applied now. */
  schema: SchemaStatus;
}

/** Defaults that keep a request bounded when PostgreSQL stalls (docs/operations.md, "Faults"). */
const STATEMENT_TIMEOUT_MS = 10_000;
const CONNECT_TIMEOUT_MS = 5_000;
/**
 * A new connection's first statements are slow: PostgreSQL fills its catalog caches and plans each
 * named statement afresh (the inbox's first took 27–39 ms, then ~1 ms). pg closes connections idle
 * for 10 s by default, so a portal's first request after a quiet spell paid that. These stay open.
 */
const POOL_LASTING = 2;
const POOL_IDLE_MS = 60_000;

const migrationsConfig = {
  migrationsList,
  tableName: 'mikro_orm_migrations',
  silent: true,
  snapshot: false,
};

/**
 * What pg's pool connects with: the whole URL (MikroORM reads only its host, port, user, password
 * and database, so a socket directory, `sslmode` or `application_name` would be dropped and the pool
 * would connect over TCP in plain text), and the URL's own server options, if any, followed by the
 * schema's search path: pg would let the URL's `options` replace the pool's, so they leave the URL.
 */
function poolConnection(url: string, schema: string): { connectionString: string; options: string } {
  const parsed = new URL(url);
  const own = parsed.searchParams.get('options');
  parsed.searchParams.delete('options');
  // Unqualified SQL (migrations, the runner) lands in this schema on every pooled connection.
  const searchPath = `-c search_path=${schema},public`;
  return { connectionString: parsed.toString(), options: own ? `${own} ${searchPath}` : searchPath };
}

/** Opens PostgreSQL (DATABASE_URL) or embedded PGlite, applying migrations unless told not to. */
export async function openDatabase(config: DatabaseConfig): Promise<OpenedDatabase> {
  return config.databaseUrl ? openPostgres(config, config.databaseUrl) : openPglite(config);
}

async function openPostgres(config: DatabaseConfig, url: string): Promise<OpenedDatabase> {
  const schema = config.schema ?? 'public';
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name "${schema}"`);
  const orm = await PostgresORM.init({
    clientUrl: url,
    schema,
    extensions: [Migrator],
    migrations: migrationsConfig,
    driverOptions: {
      ...poolConnection(url, schema),
      // Waiting for a connection (all busy, or the server not answering) is bounded too.
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      keepAlive: true,
      pipeline: config.pipeline ?? true,
    },
    pool: {
      min: Math.min(POOL_LASTING, config.poolSize ?? 10),
      max: config.poolSize ?? 10,
      idleTimeoutMillis: config.poolIdleMs ?? POOL_IDLE_MS,
    },
    // No entities: the migrations are the schema's one source (docs/persistence.md).
    discovery: { warnWhenNoEntities: false },
  });
  const pool = await (orm.em.getConnection() as PostgreSqlConnection).getNativeClient();
  const db = postgresDatabase(pool, {
    schema,
    connectionString: url,
    statementTimeoutMs: config.statementTimeoutMs ?? STATEMENT_TIMEOUT_MS,
    close: () => orm.close(true),
  });
  let status: SchemaStatus;
  try {
    await db.query(`create schema if not exists ${schema}`);
    if (config.migrate === false) {
      status = await prepareSchema(db, orm, false);
    } else {
      // One migrator at a time across processes: a session advisory lock on a separate connection.
      const lock = await pool.connect();
      try {
        await lock.query('select pg_advisory_lock(hashtext($1))', [`doanflow-migrate:${schema}`]);
        status = await prepareSchema(db, orm, true);
      } finally {
        await lock
          .query('select pg_advisory_unlock(hashtext($1))', [`doanflow-migrate:${schema}`])
          .catch(() => {});
        lock.release();
      }
    }
  } catch (error) {
    await orm.close(true);
    throw error;
  }
  return { db, orm: orm as unknown as MikroORM, schema: status };
}

async function openPglite(config: DatabaseConfig): Promise<OpenedDatabase> {
  const dataDir = config.dataDir ?? 'memory://';
  if (!dataDir.startsWith('memory:')) mkdirSync(dataDir, { recursive: true });
  // Loaded only here: a server on PostgreSQL does not carry the embedded database in its memory.
  const [{ PGlite }, { pg_trgm }, { MikroORM: PgliteORM }, { pgliteDatabase }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('@mikro-orm/pglite'),
    import('./pglite-database.ts'),
  ]);
  // Our own PGlite (the version this package pins, with pg_trgm), lent to MikroORM.
  // PostgreSQL's default 128MB of shared_buffers would sit in the server's RSS; the OS caches the files.
  const pglite = await PGlite.create({
    dataDir,
    extensions: { pg_trgm },
    postgresqlconf: `shared_buffers = ${config.pgliteSharedBuffers ?? '32MB'}`,
  });
  const orm = await PgliteORM.init({
    dbName: 'doanflow',
    extensions: [Migrator],
    migrations: migrationsConfig,
    driverOptions: { pglite: () => pglite as never },
    // No entities: the migrations are the schema's one source (docs/persistence.md).
    discovery: { warnWhenNoEntities: false },
  });
  const db = pgliteDatabase(pglite, async () => {
    await orm.close(true);
    await pglite.close();
  });
  let status: SchemaStatus;
  try {
    status = await prepareSchema(db, orm, config.migrate !== false);
  } catch (error) {
    await db.close();
    throw error;
  }
  return { db, orm: orm as unknown as MikroORM, pglite, schema: status };
}

/**
 * Refuses a schema newer than this server understands (before touching anything), then applies the
 * pending migrations and records the schema version.
 */
async function prepareSchema(
  db: Database,
  orm: { migrator: { up(): Promise<{ name: string }[]> } },
  migrate: boolean,
): Promise<SchemaStatus> {
  const found = await readSchema(db.query, db.schema);
  checkSchema(found);
  if (!migrate) return { own: SCHEMA, found, applied: [], current: found };
  const applied = (await orm.migrator.up()).map((migration) => migration.name);
  await recordSchema(db.query, db.schema);
  return { own: SCHEMA, found, applied, current: await readSchema(db.query, db.schema) };
}

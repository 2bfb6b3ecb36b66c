import type { PGlite } from '@electric-sql/pglite';
import {
  createPostgresBackend,
  runMigrations,
  withBackend,
  type IQueueBackend,
  type PostgresConnectionOptions,
  type PostgresQueueBackend,
} from 'bullmq';
import { Client } from 'pg';
import { openPglitePool } from './pglite-pool.ts';

/** The database the server runs on: BullMQ's jobs go into it when there is no Redis. */
export interface ServerDatabase {
  /** The embedded database (no DATABASE_URL). */
  pglite?: PGlite;
  databaseUrl?: string;
  /** The schema of the server's own tables. */
  schema: string;
}

/** Where BullMQ keeps its jobs on its PostgreSQL backend. */
export interface PostgresJobStore {
  where: 'embedded' | 'postgresql';
  /** The schema of BullMQ's tables. */
  schema: string;
  /** What `createPostgresBackend` is given: our pool (embedded) or a pool config. */
  connection: PostgresConnectionOptions;
  stop(): Promise<void>;
}

/** BullMQ's Queue and Worker bound to the PostgreSQL backend: the same calls as on Redis. */
export const onPostgres = withBackend(createPostgresBackend);

/**
 * BullMQ's own schema beside the server's: "bullmq" for the public schema, else one per server
 * schema, so deployments (and test files) with schemas of their own do not share queues. BullMQ's
 * queue prefix means nothing on PostgreSQL: the schema is its namespace.
 */
export const jobSchemaFor = (schema: string) => (schema === 'public' ? 'bullmq' : `${schema}_bullmq`);

/** Creates or upgrades BullMQ's tables, then hands out the connection its queue and worker use. */
export async function openPostgresJobStore(database: ServerDatabase): Promise<PostgresJobStore> {
  if (database.pglite) return openEmbedded(database.pglite);
  if (!database.databaseUrl) throw new Error('no database for the PostgreSQL backend');
  const schema = jobSchemaFor(database.schema);
  const client = new Client({ connectionString: database.databaseUrl });
  await client.connect();
  try {
    await runMigrations(client, schema);
  } finally {
    await client.end();
  }
  // A config, not a pool: BullMQ then pins its connections' search_path to the schema and gives
  // each worker a LISTEN connection of its own.
  const connection = { connectionString: database.databaseUrl, schema, max: 4 };
  return { where: 'postgresql', schema, connection, stop: async () => {} };
}

async function openEmbedded(pglite: PGlite): Promise<PostgresJobStore> {
  const schema = 'bullmq';
  const { pool, stop } = await openPglitePool(pglite);
  try {
    // Socket connections keep no settings of their own (one shared session): BullMQ's unqualified
    // names must resolve on the session. Ours first, so our tables never land in BullMQ's schema.
    await pglite.exec(`set search_path to public, ${schema}`);
    const client = await pool.connect();
    try {
      await runMigrations(client, schema);
    } finally {
      client.release();
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { where: 'embedded', schema, connection: pool, stop };
}

/** The ids among `ids` that have a job in the queue: one query (BullMQ has no call for it). */
export async function jobIdsPresent(
  queue: { readonly name: string; getBackend(): IQueueBackend },
  store: PostgresJobStore,
  ids: readonly string[],
): Promise<Set<string>> {
  const { pool } = (queue.getBackend() as PostgresQueueBackend).connection;
  const { rows } = await pool.query<{ id: string }>(
    `select id from ${store.schema}.job where queue = $1 and id = any($2::text[])`,
    [queue.name, ids],
  );
  return new Set(rows.map((row) => row.id));
}

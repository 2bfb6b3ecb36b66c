import { Client } from 'pg';
import { unionWorkflows, WorkflowRegistry } from '@doanflow/engine';
import { openDatabase } from '../../src/db/open-database.ts';
import type { Database } from '../../src/db/database.ts';
import { DurableRuntime } from '../../src/runner/durable-runtime.ts';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { createRuntime } from '../../src/runtime-factory.ts';
import { e2eDirectory } from '../e2e/support.ts';
import { DATABASE_URL, uniqueName } from '../runtime/support.ts';

/** The maintenance database on a server (trust auth on loopback): the tests' one unless told. */
const adminUrl = (serverUrl = DATABASE_URL) => {
  const url = new URL(serverUrl);
  url.pathname = '/postgres';
  return url.toString();
};

async function admin<T>(work: (client: Client) => Promise<T>, serverUrl?: string): Promise<T> {
  const client = new Client({ connectionString: adminUrl(serverUrl) });
  client.on('error', () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export interface ChaosDatabase {
  name: string;
  url: string;
  /** A runtime on the database for reading and auditing only (no timers, no listening); `url` after a failover. */
  verifier(url?: string): Promise<{ runtime: HostedRuntime; db: Database; close(): Promise<void> }>;
  drop(): Promise<void>;
}

export interface ChaosDatabaseOptions {
  /** Any database URL on the PostgreSQL server to use (default: the tests' one; a private cluster's). */
  serverUrl?: string;
  /** Migrate it and import the e2e directory with this release (default true; false: left empty). */
  prepare?: boolean;
}

/**
 * A database of its own for one chaos file (the server has no schema setting, so the children use
 * its public schema), migrated and holding the e2e directory, dropped with `drop`.
 */
export async function createChaosDatabase(
  label: string,
  options: ChaosDatabaseOptions = {},
): Promise<ChaosDatabase> {
  const name = uniqueName(`doanflow_chaos_${label}`);
  const serverUrl = options.serverUrl ?? DATABASE_URL;
  await admin((client) => client.query(`create database ${name}`), serverUrl);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const chaos: ChaosDatabase = {
    name,
    url: url.toString(),
    async verifier(at = chaos.url) {
      const { db } = await openDatabase({ databaseUrl: at, migrate: false, poolSize: 4 });
      const runtime = new DurableRuntime({ db, registry: new WorkflowRegistry(unionWorkflows) });
      await runtime.cache.load(db);
      // auditInstance reads only `db` and `registry`, which a plain DurableRuntime has.
      return { runtime: runtime as unknown as HostedRuntime, db, close: () => db.close() };
    },
    async drop() {
      await admin((client) => client.query(`drop database if exists ${name} with (force)`), serverUrl);
    },
  };
  if (options.prepare === false) return chaos;
  try {
    // Migrations and the directory, once, before any server process starts.
    const setup = await createRuntime({
      databaseUrl: chaos.url,
      registry: new WorkflowRegistry(unionWorkflows),
      directory: e2eDirectory,
      reconcileIntervalMs: 0,
      log: () => {},
    });
    await setup.close();
  } catch (error) {
    await chaos.drop().catch(() => {});
    throw error;
  }
  return chaos;
}

/** Databases of earlier runs that were killed before their cleanup (older than an hour). */
export async function dropStaleChaosDatabases(): Promise<void> {
  await admin(async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `select datname from pg_database where datname like 'doanflow_chaos_%'
         and (pg_stat_file('base/' || oid || '/PG_VERSION', true)).modification < now() - interval '1 hour'`,
    );
    for (const { datname } of rows) {
      await client.query(`drop database if exists ${datname} with (force)`).catch(() => {});
    }
  });
}

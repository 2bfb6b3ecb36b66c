/**
 * The same runs on the embedded database: the real server on PGlite (no DATABASE_URL), in a fresh
 * temporary DOANFLOW_DATA_DIR (deleted after), timers on their own Redis database index.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { cpuShare, cpuSnapshot, waitForQuiet } from './cpu.ts';
import { OUT_DIR, REDIS_DB } from './env.ts';
import {
  call,
  runDecisions,
  runStarts,
  STEPS,
  walk,
  transferInput,
  type Client,
  type LevelResult,
} from './http-load.ts';
import { timeInbox, type InboxCase } from './inbox.ts';
import { bootstrap, folderMiB, loadFolder, type LoadedFolder } from './pglite-folder.ts';
import { province } from './province.ts';
import type { MemoryRow } from './report.ts';
import { mintTokens, ServerProcess } from './server.ts';
import { checkRedisEmpty, cleanRedis } from './setup.ts';
import { log } from './stats.ts';

/** Smaller than the PostgreSQL run: PGlite is one WASM thread inside the server (see README). */
export const PGLITE_INSTANCES = Number(process.env['BENCH_PGLITE_INSTANCES'] ?? 100_000);
export const PGLITE_TASKS = Number(process.env['BENCH_PGLITE_TASKS'] ?? 10_000);
/** Its own Redis database index, next to the PostgreSQL run's. */
export const pgliteRedisUrl = `redis://127.0.0.1:6379/${Number(process.env['BENCH_PGLITE_REDIS_DB'] ?? REDIS_DB + 1)}`;

export interface PgliteFigures {
  bulk: LoadedFolder;
  directoryImport: { ms: number; units: number; people: number; bindings: number };
  /** Server start to /health: on the fresh folder, and on the loaded one. */
  startMs: { fresh: number; loaded: number };
  starts: LevelResult;
  decisions: LevelResult[];
  inbox: InboxCase[];
  /** Cores busy while the inbox was timed (the server's includes PGlite's). */
  inboxCpu: Record<string, number>;
  memory: MemoryRow[];
  redis: string;
}

async function quiet(server: ServerProcess, what: string) {
  const other = await waitForQuiet(server.child?.pid);
  if (other >= 0.25) log(`the machine is busy with other work (${other.toFixed(2)} cores) before ${what}`);
}

/** A level measured with the CPU shares of the server (PGlite included) and the rest. */
async function measured<T extends LevelResult>(server: ServerProcess, run: () => Promise<T>): Promise<T> {
  const before = cpuSnapshot(server.child?.pid);
  const level = await run();
  level.cpu = cpuShare(before, cpuSnapshot(server.child?.pid), level.seconds);
  return level;
}

/** Template instances walked 0…7 steps, one per state, read back after the server stopped. */
async function walkTemplates(client: Client): Promise<string[]> {
  const ids: string[] = [];
  for (let steps = 0; steps <= STEPS; steps += 1) {
    const started = await call(client, 'POST', '/instances', 'p-an', {
      workflowId: 'member-transfer',
      input: transferInput,
    });
    if (started.status !== 201) throw new Error(`start failed: ${started.status}`);
    let revision = started.json.revision as number;
    for (const step of walk().slice(0, steps)) {
      // A decision names the revision it was taken on (428 without it).
      const answer = await call(client, 'POST', `/instances/${started.json.id}/events`, step.person, {
        ...step.body,
        expectedRevision: revision,
      });
      if (answer.status !== 200) throw new Error(`${String(step.body['type'])} failed: ${answer.status}`);
      revision = answer.json.revision as number;
    }
    ids.push(started.json.id as string);
  }
  return ids;
}

/**
 * Starts/s at 16 clients and decisions at 1 and 16 clients on a fresh PGlite server with the province
 * directory imported over HTTP; then `PGLITE_INSTANCES` instances bulk-loaded and the inbox timed.
 * `onServer` tells the caller which server to stop on Ctrl-C.
 */
export async function runPglite(
  levelSeconds: number,
  onServer: (server: ServerProcess | null) => void,
): Promise<PgliteFigures> {
  await checkRedisEmpty(pgliteRedisUrl);
  rmSync(join(OUT_DIR, 'server-pglite.log'), { force: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'doanflow-bench-pglite-'));
  const removeFolder = () => rmSync(dataDir, { recursive: true, force: true });
  process.once('exit', removeFolder); // also after Ctrl-C
  const secret = randomBytes(32).toString('base64url');
  const env = {
    NODE_ENV: 'production',
    DOANFLOW_DATA_DIR: dataDir,
    REDIS_URL: pgliteRedisUrl,
    JWT_SECRET: secret,
    RATE_LIMIT_MAX: '100000000',
    LOG_LEVEL: 'warn',
  };
  const memory: PgliteFigures['memory'] = [];
  let server: ServerProcess | null = null;
  const sample = (phase: string) => {
    const m = server!.memory();
    memory.push({ phase, ...m });
    log(`PGlite server RSS ${m.rss.toFixed(0)} MiB (peak ${m.hwm.toFixed(0)}) — ${phase}`);
  };
  const start = async () => {
    const t0 = Date.now();
    server = await ServerProcess.start(env, { logName: 'server-pglite.log' });
    onServer(server);
    return Date.now() - t0;
  };
  try {
    log(`PGlite: data folder ${dataDir}, Redis ${pgliteRedisUrl}`);
    await bootstrap(dataDir);
    const fresh = await start();
    const { data, bases } = province();
    const people = [
      'p-an',
      'p-binh',
      'p-hieu',
      'p-nga',
      'p-vy',
      'p-ha',
      'p-yen',
      ...bases[0]!.officers,
      ...bases[1]!.officers,
    ];
    let client: Client = { base: server!.base, tokens: await mintTokens(secret, people) };
    sample('idle after start (empty folder)');

    // The province directory, as an administrator imports it.
    const t0 = performance.now();
    const imported = await call(client, 'PUT', '/directory', 'p-yen', data);
    if (imported.status !== 200)
      throw new Error(`PUT /directory: ${imported.status} ${JSON.stringify(imported.json).slice(0, 300)}`);
    const directoryImport = { ms: performance.now() - t0, ...imported.json };
    log(`PGlite: PUT /directory (${data.units.length} units) in ${directoryImport.ms.toFixed(0)} ms`);
    const templateIds = await walkTemplates(client);

    const queue: string[] = [];
    await runStarts(client, 4, 2, 300, queue); // warm-up
    await quiet(server!, 'PGlite starts');
    const starts = await measured(server!, () => runStarts(client, 16, levelSeconds, 30_000, queue));
    log(
      `PGlite starts: ${starts.perSecond.toFixed(0)}/s, p50 ${starts.p50.toFixed(1)} ms, p99 ${starts.p99.toFixed(1)} ms (${starts.errors} errors)`,
    );
    sample('after starts (16 clients)');

    await runDecisions(client, 4, 2, 1_000, queue); // warm-up
    const decisions: LevelResult[] = [];
    for (const clients of [1, 16]) {
      const needed = Math.ceil((400 * 2.5 * levelSeconds) / STEPS) + clients * 2;
      if (queue.length < needed) await runStarts(client, 16, 60, needed - queue.length, queue);
      await quiet(server!, `PGlite decisions at ${clients} clients`);
      const level = await measured(server!, () =>
        runDecisions(client, clients, levelSeconds, 200_000, queue),
      );
      decisions.push(level);
      log(
        `PGlite decisions, ${clients} clients: ${level.perSecond.toFixed(0)}/s, p50 ${level.p50.toFixed(1)} ms, p99 ${level.p99.toFixed(1)} ms (${level.errors} errors${level.firstError ? `, first: ${level.firstError}` : ''})`,
      );
      sample(`after decisions, ${clients} clients`);
    }
    await server!.stop();
    onServer(null);

    log(`PGlite: bulk-loading ${PGLITE_INSTANCES} instances into the stopped server's folder`);
    const bulk = await loadFolder(dataDir, templateIds, bases, {
      instances: PGLITE_INSTANCES,
      tasks: PGLITE_TASKS,
    });
    bulk.dataDirMiB = folderMiB(dataDir);
    log(`PGlite: loaded in ${bulk.seconds.toFixed(0)} s; folder ${bulk.dataDirMiB.toFixed(0)} MiB`);

    const loaded = await start();
    const busiest = bases.find((base) => base.id === bulk.busiestBase) ?? bases[0]!;
    client = {
      base: server!.base,
      tokens: { ...client.tokens, ...(await mintTokens(secret, busiest.officers)) },
    };
    sample(`idle after start (${bulk.allInstances.toLocaleString('en-US')} instances)`);
    const officers: [string, string][] = [
      [`base officer (secretary + standing, ${busiest.id}, the base with most tasks)`, busiest.officers[0]!],
      [`base officer (standing, ${bases[1]!.id})`, bases[1]!.officers[1]!],
      ['province officer (p-ha)', 'p-ha'],
      ['demo base officer (p-nga)', 'p-nga'],
    ];
    const queries: [string, string][] = [
      ['first page', 'limit=20'],
      ['search "bi thu"', `search=${encodeURIComponent('bi thu')}&limit=20`],
      ['search "nguyen van"', `search=${encodeURIComponent('nguyen van')}&limit=20`],
    ];
    for (const [, person] of officers) await timeInbox(client, person, 'limit=20', 20, 3); // warm-up
    await quiet(server!, 'PGlite inbox');
    const inbox: InboxCase[] = [];
    const inboxStarted = performance.now();
    const cpuBefore = cpuSnapshot(server!.child?.pid);
    for (const [who, person] of officers) {
      for (const [name, query] of queries) {
        const s = await timeInbox(client, person, query, 200, 4);
        inbox.push({ who, person, query: name, p50: s.p50, p99: s.p99, max: s.max, n: s.n, total: s.total });
        log(
          `PGlite inbox ${person} ${name}: p50 ${s.p50.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms (total ${s.total}, n ${s.n})`,
        );
      }
    }
    const inboxCpu = cpuShare(
      cpuBefore,
      cpuSnapshot(server!.child?.pid),
      (performance.now() - inboxStarted) / 1000,
    );
    sample('after inbox requests');
    return {
      bulk,
      directoryImport,
      startMs: { fresh, loaded },
      starts,
      decisions,
      inbox,
      inboxCpu,
      memory,
      redis: pgliteRedisUrl,
    };
  } finally {
    await (server as ServerProcess | null)?.stop();
    onServer(null);
    removeFolder();
    process.removeListener('exit', removeFolder);
    await cleanRedis(pgliteRedisUrl).catch((error) =>
      log(`could not clean ${pgliteRedisUrl}: ${String(error)}`),
    );
  }
}

/**
 * `pnpm bench`: doanflow's performance figures on this machine, side by side in one run (printed, and
 * written to bench/RESULTS.md). Real PostgreSQL (its own database) and Redis (its own database index),
 * the real server as a child process, loopback traffic only, every loop bounded in count and time.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  BENCH_DB,
  adminUrl,
  benchUrl,
  BULK_INSTANCES,
  BULK_TASKS,
  CPU_PROFILE,
  LEVEL_SECONDS,
  machine,
  OUT_DIR,
  redisUrl,
} from './lib/env.ts';
import {
  runDecisions,
  runStarts,
  STEPS,
  type Client,
  type LevelResult,
  type Route,
} from './lib/http-load.ts';
import { bulkLoad, harvestTemplates, loadedBulk, measureInbox } from './lib/inbox.ts';
import { runPgbench } from './lib/pgbench.ts';
import { instanceRowUpdates } from './lib/row-updates.ts';
import { pgliteRedisUrl, runPglite } from './lib/pglite.ts';
import { measureTimers } from './lib/timers.ts';
import { measureUploads } from './lib/uploads.ts';
import { measureDocuments } from './lib/documents.ts';
import { runPeerRounds } from './lib/peer-rounds.ts';
import { emulateAutovacuum } from './lib/autovacuum.ts';
import { formatWal, walCounters, walPer } from './lib/wal.ts';
import { measureReports } from './lib/reports.ts';
import { statementCounters, statementsPer } from './lib/statements.ts';
import { province } from './lib/province.ts';
import { writeReport, type Report } from './lib/report.ts';
import {
  benchServerEnv,
  freePort,
  mintTokens,
  serverNodeFlags,
  ServerProcess,
  signingMeans,
  signingPhases,
} from './lib/server.ts';
import { profiledLevel, saveHeapSnapshot } from './lib/profile.ts';
import {
  checkRedisEmpty,
  cleanRedis,
  createDatabase,
  databaseExists,
  dropDatabase,
  migrate,
  versions,
  withClient,
} from './lib/setup.ts';
import { startsAB } from './lib/starts-ab.ts';
import { log, sleep } from './lib/stats.ts';
import { cpuShare, cpuSnapshot, formatShare, serverChildren, waitForQuiet, writeCalls } from './lib/cpu.ts';

const LEVELS = [1, 16, 64];
/**
 * The spread level: the same walk out of this many of the province's bases, so referrals number from
 * as many registers (the Union's load spreads them over ~300); the demo levels all use one register.
 */
const SPREAD_BASES = Number(process.env['BENCH_SPREAD_BASES'] ?? 16);
/**
 * BENCH_ONLY=inbox,pglite (comma-separated) runs only those phases, for development: "decisions"
 * (starts, decisions at each level, CPU per decision by phase, pgbench, memory), "starts" (the starts
 * level and its profile alone; with BENCH_STARTS_AB_SERVER_DIR, alternated against that checkout's
 * server: starts-ab.ts), "inbox" (bulk
 * load, GET /inbox, EXPLAIN), "timers" (1M pending timers), "uploads" (documents in, against the
 * database's raw write), "documents" (documents out: rendering, issuing through the server), "peer" (DBOS Transact on the same PostgreSQL), "reports" (a unit's
 * report over the bulk load, `GET /reports/units/:unitId`), "pglite" (the embedded database). Their report goes to
 * bench/out/RESULTS-<phases>.md and bench/RESULTS.md stays as the last full run wrote it.
 */
const ONLY = (process.env['BENCH_ONLY'] ?? '')
  .split(',')
  .map((phase) => phase.trim())
  .filter(Boolean);
const wanted = (phase: string) => ONLY.length === 0 || ONLY.includes(phase);
let current: ServerProcess | null = null;

/** A level with the server's signing phases over it (mean ms per signing step, from its metrics). */
async function withSigning<T extends LevelResult>(base: string, run: () => Promise<T>): Promise<T> {
  const before = await signingPhases(base).catch(() => ({}));
  const level = await run();
  level.signing = signingMeans(before, await signingPhases(base).catch(() => ({})));
  return level;
}

/** The log line of a level's steps and signing phases. */
const stepsLine = (level: LevelResult) =>
  `  per step p50/p99 ms: ${(level.steps ?? []).map((s) => `${s.type} ${s.p50.toFixed(1)}/${s.p99.toFixed(1)}`).join(', ')}; signing mean ms: ${Object.entries(
    level.signing ?? {},
  )
    .map(([phase, m]) => `${phase} ${m.meanMs.toFixed(1)} (${m.n})`)
    .join(', ')}`;
/** Set once the bench's PostgreSQL database exists: only then does Ctrl-C drop it. */
let usesPostgres = false;

// Ctrl-C or a kill: stop the server, drop the database, delete the Redis keys, then exit.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: cleaning up`);
    const hardStop = setTimeout(() => process.exit(130), 30_000);
    hardStop.unref();
    void (async () => {
      await current?.stop().catch(() => {});
      if (usesPostgres) {
        await dropDatabase().catch(() => {});
        await cleanRedis().catch(() => {});
      }
      if (wanted('pglite')) await cleanRedis(pgliteRedisUrl).catch(() => {});
      process.exit(130);
    })();
  });
}
const began = Date.now();

async function main(): Promise<void> {
  mkdirSync(OUT_DIR, { recursive: true });
  rmSync(join(OUT_DIR, 'server.log'), { force: true });
  const report: Report = {
    date: new Date().toISOString(),
    machine: { ...machine(), ...(await versions()) },
    settings: {
      levelSeconds: LEVEL_SECONDS,
      instances: BULK_INSTANCES,
      tasks: BULK_TASKS,
      db: BENCH_DB,
      redis: redisUrl,
    },
    memory: [],
    decisions: [],
    notes: [],
  } as unknown as Report;

  // The embedded database alone leaves PostgreSQL and the bench's Redis database untouched.
  if (ONLY.length > 0 && ONLY.every((phase) => phase === 'pglite')) return finish(report);
  await checkRedisEmpty();
  usesPostgres = true;
  // BENCH_REUSE_DB=1 (with BENCH_KEEP_DB=1 on the run before): the database as that run left it, its
  // bulk load included, to iterate on one phase without minutes of loading.
  const reused = process.env['BENCH_REUSE_DB'] === '1' && (await databaseExists());
  log(`${reused ? 'reusing' : 'creating'} database ${BENCH_DB} and applying the server's migrations`);
  if (!reused) await createDatabase();
  let server: ServerProcess | null = null;
  // BENCH_AUTOVACUUM=0: the tables as this machine's PostgreSQL leaves them, never vacuumed.
  const autovacuum =
    process.env['BENCH_AUTOVACUUM'] === '0'
      ? { catchUp: async () => {}, stop: async () => {} }
      : await emulateAutovacuum(adminUrl);
  try {
    await migrate();
    const { data, bases } = province();
    // The spread level's members: one plain member in a branch of each of its bases (an officer may
    // not decide on a request about himself).
    const spreadMembers = bases.slice(0, SPREAD_BASES).map((b, n) => {
      const member = {
        id: `m-spread-${n}`,
        name: `Đoàn viên chuyển đi ${n + 1}`,
        memberOf: b.branches[1]!.id,
      };
      data.people.push(member);
      return member.id;
    });
    if (!reused)
      await withClient(benchUrl, (client) =>
        client.query(
          `insert into directory (id, data, version, updated_at) values (1, $1::jsonb, 1, now())`,
          [JSON.stringify(data)],
        ),
      );
    log(
      `directory: demo + ${bases.length} bases, ${data.units.length} units, ${data.people.length} people, ${data.bindings.length} bindings`,
    );

    const secret = randomBytes(32).toString('base64url');
    const inspectPort =
      wanted('decisions') || wanted('starts') || wanted('inbox') ? await freePort() : undefined;
    server = await ServerProcess.start(
      {
        ...benchServerEnv(secret),
        // DOCUMENT_RENDER_THREADS=0 renders on the event loop, for comparison with the threads.
        ...(process.env['DOCUMENT_RENDER_THREADS'] === undefined
          ? {}
          : { DOCUMENT_RENDER_THREADS: process.env['DOCUMENT_RENDER_THREADS'] }),
        // Passed through to compare group commit on and off in the same conditions.
        ...Object.fromEntries(
          [
            'GROUP_COMMIT_WAIT_MS',
            'GROUP_COMMIT_MAX_BATCH',
            'TIMER_WORKER_CONCURRENCY',
            'TIMER_DUE_SWEEP',
            // E-mail on (a relay such as a local sink): the notifier's sends in the figures.
            'NOTIFY_SMTP_URL',
            'NOTIFY_MAIL_FROM',
          ].flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name]!]])),
        ),
      },
      { cpuProfile: CPU_PROFILE, inspectPort },
    );
    current = server;
    const people = [
      'p-an',
      'p-binh',
      'p-hieu',
      'p-nga',
      'p-vy',
      'p-ha',
      'p-yen',
      ...bases.slice(0, 3).flatMap((b) => b.officers),
    ];
    // Each spread route: a member moving out of a branch of one base, that base's secretary signing.
    const spreadRoutes = bases.slice(0, SPREAD_BASES).map((b, n) => ({
      member: spreadMembers[n]!,
      branchSecretary: b.branches[1]!.secretary,
      baseSecretary: b.officers[0]!,
      sourceBranchId: b.branches[1]!.id,
    }));
    people.push(...spreadRoutes.flatMap((r) => [r.member, r.branchSecretary, r.baseSecretary]));
    const routeOf = new Map<string, Route>();
    const spreadQueue: string[] = [];
    const client: Client = { base: server.base, tokens: await mintTokens(secret, people) };
    const memory = (phase: string) => {
      const m = server!.memory();
      report.memory.push({ phase, ...m });
      log(
        `server RSS ${m.rss.toFixed(0)} MiB (peak ${m.hwm.toFixed(0)}) + render processes ${m.children.toFixed(0)} = ${m.total.toFixed(0)} MiB (V8 heap ${m.heapUsed.toFixed(0)} used of ${m.heapTotal.toFixed(0)}, external ${m.external.toFixed(0)}) — ${phase}`,
      );
    };
    memory('idle after start');

    // One instance walked step by step: its rows in each state are the templates of the bulk load.
    const templates = await harvestTemplates(client);

    // Instance starts, 16 clients; the instances become the decision phase's work.
    const queue: string[] = [];
    const quiet = async (what: string) => {
      const other = await waitForQuiet(server!.child?.pid);
      if (other >= 0.25)
        log(
          `the machine is busy with other work (${other.toFixed(2)} cores) before ${what}: figures will be low`,
        );
    };
    /** A level with the machine's cores over it, by process. */
    const withCores = async <T extends LevelResult>(run: () => Promise<T>): Promise<T> => {
      const before = cpuSnapshot(server!.child?.pid);
      const walBefore = await walCounters();
      const writesBefore = writeCalls(server!.child?.pid);
      const level = await run();
      level.cpu = cpuShare(before, cpuSnapshot(server!.child?.pid), level.seconds);
      level.writeCalls = (writeCalls(server!.child?.pid) - writesBefore) / Math.max(level.ok, 1);
      level.wal = walPer(walBefore, await walCounters(), level.ok);
      return level;
    };
    // Instances for the next decision level, started unmeasured when the queue is short of them.
    // `by`: the server that starts them (the A/B rounds: the side about to run, so neither side
    // runs its round straight after the other's starts).
    const ensure = async (needed: number, by: Client = client) => {
      if (queue.length >= needed) return;
      const more = Math.min(needed - queue.length, 40_000);
      log(`starting ${more} more instances for the next level (not measured)`);
      await runStarts(by, 16, 60, more, queue);
    };
    let lastRate = 400;
    if (wanted('decisions') || wanted('starts')) {
      await runStarts(client, 4, 2, 300, queue); // warm-up
      await quiet('starts');
      const cpuBefore = cpuSnapshot(server.child?.pid);
      const starts = await runStarts(client, 16, LEVEL_SECONDS, 30_000, queue);
      starts.cpu = cpuShare(cpuBefore, cpuSnapshot(server.child?.pid), starts.seconds);
      report.starts = starts;
      log(
        `starts: ${starts.perSecond.toFixed(0)}/s, p50 ${starts.p50.toFixed(1)} ms, p99 ${starts.p99.toFixed(1)} ms (${starts.errors} errors)`,
      );
      memory('after starts (16 clients)');

      // The same level under the CPU profiler: where a start's CPU goes.
      await quiet('the profiled starts');
      report.startPhases = await profiledLevel(inspectPort!, server.child?.pid, 'start', 'starts-16', () =>
        runStarts(client, 16, LEVEL_SECONDS, 30_000, queue),
      );
      const otherServer = process.env['BENCH_STARTS_AB_SERVER_DIR'];
      if (otherServer) await startsAB(server, client, otherServer, LEVEL_SECONDS, queue, quiet);
    }

    if (wanted('decisions')) {
      // Decisions at 1, 16, 64 clients (+16 with Idempotency-Key right after the 16 without, the level
      // it is compared with: the two meet tables of about one size), after a short warm-up.
      await runDecisions(client, 4, 2, 1_000, queue);
      const ensureSpread = async (needed: number) => {
        if (spreadQueue.length >= needed) return;
        const more = Math.min(needed - spreadQueue.length, 40_000);
        await runStarts(client, 16, 60, more, spreadQueue, { routes: spreadRoutes, routeOf });
      };
      const runs = LEVELS.flatMap((c): [number, boolean][] =>
        c === 16
          ? [
              [c, false],
              [c, true],
            ]
          : [[c, false]],
      );
      for (const [clients, keys] of runs) {
        await ensure(Math.ceil((lastRate * 2.5 * LEVEL_SECONDS) / STEPS) + clients * 2);
        await quiet(`decisions at ${clients} clients`);
        // PostgreSQL's statements over the 16-client level, where pg_stat_statements is loaded.
        const statementsBefore = clients === 16 && !keys ? await statementCounters() : null;
        const level = await withCores(() =>
          withSigning(server!.base, () =>
            runDecisions(client, clients, LEVEL_SECONDS, 200_000, queue, { idempotencyKeys: keys }),
          ),
        );
        const statementsAfter = statementsBefore ? await statementCounters() : null;
        if (statementsBefore && statementsAfter)
          report.statements = { clients, ...statementsPer(statementsBefore, statementsAfter, level.ok) };
        if (clients > 1) lastRate = Math.max(lastRate, level.perSecond);
        report.decisions.push({ ...level, idempotencyKeys: keys });
        log(
          `decisions, ${clients} clients${keys ? ' + Idempotency-Key' : ''}: ${level.perSecond.toFixed(0)}/s, p50 ${level.p50.toFixed(1)} ms, p99 ${level.p99.toFixed(1)} ms (${level.errors} errors${level.ranOut ? ', ran out of instances' : ''}); cores: ${formatShare(level.cpu)}${level.firstError ? ` first error: ${level.firstError}` : ''}`,
        );
        log(stepsLine(level));
        log(`  ${formatWal(level.wal)}; server write calls ${level.writeCalls?.toFixed(2)} per operation`);
        memory(`after decisions, ${clients} clients${keys ? ' + keys' : ''}`);
        // BENCH_HEAP_SNAPSHOT=1: what holds the server's heap after the 16-client level (it forces a
        // full collection, so the memory readings after it are not comparable: use it in a run of its own).
        if (clients === 16 && !keys && process.env['BENCH_HEAP_SNAPSHOT'] === '1') {
          const file = join(OUT_DIR, 'heap-after-16-clients.heapsnapshot');
          await saveHeapSnapshot(inspectPort!, file);
          log(`heap snapshot written to ${file}`);
          memory('after the heap snapshot (a full collection)');
        }
      }

      // 16 clients again, each transfer out of one of SPREAD_BASES bases: as many registers.
      if (SPREAD_BASES > 0) {
        const label = `16, referrals over ${SPREAD_BASES} bases`;
        await ensureSpread(Math.ceil((lastRate * 2.5 * LEVEL_SECONDS) / STEPS) + 32);
        await quiet(`decisions at ${label}`);
        const level = await withCores(() =>
          withSigning(server!.base, () =>
            runDecisions(client, 16, LEVEL_SECONDS, 200_000, spreadQueue, { routeOf }),
          ),
        );
        report.decisions.push({ ...level, idempotencyKeys: false, label });
        log(
          `decisions, ${label}: ${level.perSecond.toFixed(0)}/s, p50 ${level.p50.toFixed(1)} ms, p99 ${level.p99.toFixed(1)} ms (${level.errors} errors${level.ranOut ? ', ran out of instances' : ''}); cores: ${formatShare(level.cpu)}${level.firstError ? ` first error: ${level.firstError}` : ''}`,
        );
        log(stepsLine(level));
        log(`  ${formatWal(level.wal)}; server write calls ${level.writeCalls?.toFixed(2)} per operation`);
      }

      // BENCH_SOAK_MINUTES: 16 clients minute after minute (instances started between minutes), the
      // server's memory read after each: is it flat under a long load (issue 15)?
      const soakMinutes = Number(process.env['BENCH_SOAK_MINUTES'] ?? 0);
      for (let minute = 1; minute <= soakMinutes; minute += 1) {
        await ensure(Math.ceil((lastRate * 1.5 * 60) / STEPS) + 32);
        const level = await runDecisions(client, 16, 60, 200_000, queue);
        log(
          `soak minute ${minute}: ${level.perSecond.toFixed(0)} decisions/s, p99 ${level.p99.toFixed(1)} ms`,
        );
        memory(`soak at 16 clients, after minute ${minute} (${level.perSecond.toFixed(0)} decisions/s)`);
      }

      // The render processes exit when idle (DOCUMENT_RENDER_IDLE_SECONDS, 45 by default): the
      // server's memory once they have, Typst's gone with them (bounded wait).
      const idleSince = Date.now();
      while (serverChildren(server.child?.pid).length > 0 && Date.now() - idleSince < 90_000)
        await sleep(1000);
      const left = serverChildren(server.child?.pid).length;
      memory(
        `idle, ${((Date.now() - idleSince) / 1000).toFixed(0)} s later: ${left === 0 ? 'render processes exited' : `${left} render processes left`}`,
      );

      // Group commit on and off, alternated in short rounds on one database (the other process
      // idle meanwhile): on a shared machine the two see the same noise, and the sum compares them.
      // BENCH_AB_NODE_FLAGS="…" compares the `serve` script's Node flags with those instead.
      if (wanted('decisions') && process.env['BENCH_GROUP_COMMIT_AB'] !== '0') {
        const abFlags = process.env['BENCH_AB_NODE_FLAGS']?.split(/\s+/).filter(Boolean);
        // BENCH_AB_ENV="NAME=value …": the default server against one with these variables set.
        const abEnvText = process.env['BENCH_AB_ENV']?.trim();
        const abEnv = abEnvText
          ? Object.fromEntries(
              // A value may hold '=' itself (a URL's query): the name ends at the first one.
              abEnvText
                .split(/\s+/)
                .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
            )
          : undefined;
        // BENCH_AB_SERVER_DIR=…/packages/server: the default server against that checkout's.
        const abServerDir = process.env['BENCH_AB_SERVER_DIR'];
        // Both sides are new processes started together, so neither has run the levels before and
        // each starts the instances it walks (BENCH_AB_FRESH=0: the bench's server is the first side).
        // Two identical servers (BENCH_AB_ENV=LOG_LEVEL=warn) still differ on this host: by 8–15% for
        // the bench's server in the old order, by 10% the other way in this one (bench/RESULTS.md, stop 44).
        const baseline =
          process.env['BENCH_AB_FRESH'] === '0'
            ? server
            : await ServerProcess.start(server.env, { logName: 'server-baseline.log' });
        const alone = abFlags
          ? await ServerProcess.start(server.env, { logName: 'server-alone.log', nodeFlags: abFlags })
          : abServerDir
            ? await ServerProcess.start(server.env, { logName: 'server-alone.log', serverDir: abServerDir })
            : await ServerProcess.start(
                { ...server.env, ...(abEnv ?? { GROUP_COMMIT_WAIT_MS: '0' }) },
                { logName: 'server-alone.log' },
              );
        const names = abServerDir
          ? ['this checkout', abServerDir]
          : abEnv
            ? ['default', abEnvText!]
            : abFlags
              ? [
                  `node ${serverNodeFlags().join(' ')} (the serve script)`,
                  `node ${abFlags.join(' ') || '(no flags)'}`,
                ]
              : ['group commit (default)', 'each step alone (GROUP_COMMIT_WAIT_MS=0)'];
        try {
          const sides = [
            {
              name: names[0]!,
              client: { ...client, base: baseline.base },
              server: baseline,
              rounds: [] as typeof report.decisions,
              spreadRounds: [] as typeof report.decisions,
              commits: 0,
            },
            {
              name: names[1]!,
              client: { ...client, base: alone.base },
              server: alone,
              rounds: [] as typeof report.decisions,
              spreadRounds: [] as typeof report.decisions,
              commits: 0,
            },
          ];
          // PostgreSQL's own count of commits in the bench database (each a WAL flush unless
          // asynchronous): statistics reach the view within about a second, hence the pause.
          const commitsSoFar = async () => {
            await new Promise((resolve) => setTimeout(resolve, 1_500));
            return withClient(benchUrl, async (db) => {
              const { rows } = await db.query(
                'select xact_commit from pg_stat_database where datname = current_database()',
              );
              return Number(rows[0].xact_commit);
            });
          };
          const roundSeconds = Math.max(3, Math.round(LEVEL_SECONDS / 2));
          // BENCH_AB_ROUNDS: more rounds, for a difference smaller than a shared machine's noise.
          const rounds = Number(process.env['BENCH_AB_ROUNDS'] ?? 4);
          // BENCH_AB_CLIENTS: another number of clients (64: a queue of signing steps).
          const abClients = Number(process.env['BENCH_AB_CLIENTS'] ?? 16);
          for (let round = 0; round < rounds; round += 1) {
            for (const side of round % 2 ? [...sides].reverse() : sides) {
              await ensure(Math.ceil((lastRate * 2.5 * roundSeconds) / STEPS) + abClients * 2, side.client);
              const commitsBefore = await commitsSoFar();
              const before = cpuSnapshot(side.server.child?.pid);
              const writesBefore = writeCalls(side.server.child?.pid);
              const level = await withSigning(side.server.base, () =>
                runDecisions(side.client, abClients, roundSeconds, 200_000, queue),
              );
              level.cpu = cpuShare(before, cpuSnapshot(side.server.child?.pid), level.seconds);
              level.writeCalls = (writeCalls(side.server.child?.pid) - writesBefore) / Math.max(level.ok, 1);
              side.rounds.push({ ...level, idempotencyKeys: false, ranOut: level.ranOut });
              side.commits += (await commitsSoFar()) - commitsBefore;
              log(
                `A/B round ${round + 1}, ${side.name}: ${level.perSecond.toFixed(0)}/s, p99 ${level.p99.toFixed(1)} ms, server write calls ${level.writeCalls.toFixed(2)} per decision; cores: ${formatShare(level.cpu)}`,
              );
              log(stepsLine(level));
              // BENCH_AB_SPREAD=1: the same side again at once, referrals over SPREAD_BASES registers.
              if (process.env['BENCH_AB_SPREAD'] === '1' && SPREAD_BASES > 0) {
                await ensureSpread(Math.ceil((lastRate * 2.5 * roundSeconds) / STEPS) + 32);
                const spreadBefore = cpuSnapshot(side.server.child?.pid);
                const spread = await withSigning(side.server.base, () =>
                  runDecisions(side.client, 16, roundSeconds, 200_000, spreadQueue, { routeOf }),
                );
                spread.cpu = cpuShare(spreadBefore, cpuSnapshot(side.server.child?.pid), spread.seconds);
                side.spreadRounds.push({ ...spread, idempotencyKeys: false });
                log(
                  `A/B round ${round + 1}, ${side.name}, over ${SPREAD_BASES} bases: ${spread.perSecond.toFixed(0)}/s, p99 ${spread.p99.toFixed(1)} ms (${spread.errors} errors); cores: ${formatShare(spread.cpu)}`,
                );
                log(stepsLine(spread));
              }
            }
          }
          report.groupCommitAB = sides.map((side) => ({
            name: side.name,
            rounds: side.rounds,
            spreadRounds: side.spreadRounds,
            commits: side.commits,
          }));
          for (const side of sides)
            report.memory.push({
              phase: `A/B rounds: ${side.name}, after its rounds`,
              ...side.server.memory(),
            });
        } finally {
          await alone.stop();
          if (baseline !== server) await baseline.stop();
        }
      }

      // One more level at 16 clients under the CPU profiler: where a decision's CPU goes.
      await ensure(Math.ceil((lastRate * 2.5 * LEVEL_SECONDS) / STEPS) + 32);
      await quiet('the profiled decisions');
      report.phases = await profiledLevel(inspectPort!, server.child?.pid, 'decision', 'decisions-16', () =>
        runDecisions(client, 16, LEVEL_SECONDS, 200_000, queue),
      );

      // Before pgbench's own updates: how many of the walk's instance updates stayed on their page.
      report.instanceUpdates = await instanceRowUpdates();
      log(
        `instance row updates so far: ${report.instanceUpdates.updates}, in place (HOT) ${report.instanceUpdates.inPlace}`,
      );

      // The same transaction shape, run by pgbench on the same PostgreSQL.
      // On a shared PostgreSQL, pgbench may find no free connection: the report goes on without it.
      report.pgbench = await runPgbench(
        templates,
        LEVELS,
        LEVEL_SECONDS,
        () => cpuSnapshot(server!.child?.pid),
        () => quiet('pgbench'),
        {
          count: Number(process.env['BENCH_PGBENCH_ROUNDS'] ?? 3),
          decisions: async () => {
            await ensure(Math.ceil((lastRate * 2.5 * LEVEL_SECONDS) / STEPS) + 32);
            await quiet('pgbench round: doanflow');
            return withCores(() => runDecisions(client, 16, LEVEL_SECONDS, 200_000, queue));
          },
        },
      ).catch((error: unknown) => {
        log(`pgbench failed, its figures are left out: ${String(error).split('\n')[0]}`);
        return undefined;
      });
    }

    // The peer engine on the same PostgreSQL, with the server idle: DBOS Transact's approvals.
    // Alternated with our own starts and decisions at 16 clients, in BENCH_PEER_ROUNDS rounds (3).
    if (wanted('peer')) {
      if (!wanted('decisions')) {
        await runStarts(client, 4, 2, 300, queue); // warm-up
        await runDecisions(client, 4, 2, 1_000, queue);
      }
      report.peerRounds = await runPeerRounds(
        Number(process.env['BENCH_PEER_ROUNDS'] ?? 3),
        LEVEL_SECONDS,
        {
          starts: () => withCores(() => runStarts(client, 16, LEVEL_SECONDS, 30_000, queue)),
          decisions: async () => {
            await ensure(Math.ceil((lastRate * 2.5 * LEVEL_SECONDS) / STEPS) + 32);
            return withCores(() => runDecisions(client, 16, LEVEL_SECONDS, 200_000, queue));
          },
        },
        quiet,
      );
    }

    // Documents in: upload MB/s against PostgreSQL writing the same bytes.
    if (wanted('uploads')) {
      await quiet('uploads');
      report.uploads = await measureUploads(client);
      memory('after uploads');
    }

    // Documents out: rendering alone, then referrals issued through the server, and its RSS.
    if (wanted('documents')) {
      await quiet('documents');
      report.documents = await measureDocuments(client, server);
      memory('after issuing documents');
    }

    // 1,000,000 instances with 100,000 open tasks, then the inbox.
    if (wanted('inbox')) {
      report.bulk =
        (reused && (await loadedBulk())) || (await bulkLoad(templates, bases, BULK_INSTANCES, BULK_TASKS));
      memory('after bulk load (server idle)');
      await autovacuum.catchUp();
      await quiet('inbox');
      report.inbox = await measureInbox(server, client, bases, templates, memory, inspectPort);
      memory('after inbox measurements');
    }

    // A unit's report over the same 1,000,000 instances (bulk-loaded here when the inbox phase did not run).
    if (wanted('reports')) {
      report.bulk ??=
        (reused && (await loadedBulk())) || (await bulkLoad(templates, bases, BULK_INSTANCES, BULK_TASKS));
      await autovacuum.catchUp();
      await quiet('reports');
      report.reports = await measureReports(client, bases);
      memory('after unit reports');
    }

    // 1,000,000 pending timers: wake-ups rebuilt, Redis memory, 10,000 falling due in 10 s.
    if (wanted('timers')) {
      await quiet('timers');
      report.timers = await measureTimers(server, templates, memory);
    }

    if (ONLY.length === 0) {
      // The server restarted on the loaded database: is its memory flat in the number of waiting instances?
      await server.stop();
      server = await ServerProcess.start(server.env);
      current = server;
      report.memory.push({
        phase: 'restarted on the loaded database: idle after start',
        ...server.memory(),
      });
      const native: Client = { base: server.base, tokens: client.tokens };
      const nativeQueue = queue.splice(0, 2_000);
      await quiet('decisions after the restart');
      const nativeBefore = cpuSnapshot(server.child?.pid);
      const nativeLevel = await runDecisions(native, 16, Math.min(LEVEL_SECONDS, 5), 50_000, nativeQueue);
      nativeLevel.cpu = cpuShare(nativeBefore, cpuSnapshot(server.child?.pid), nativeLevel.seconds);
      report.native = nativeLevel;
      report.memory.push({ phase: 'restarted: after 16-client decisions', ...server.memory() });
      log(
        `after the restart: decisions at 16 clients ${nativeLevel.perSecond.toFixed(0)}/s, p99 ${nativeLevel.p99.toFixed(1)} ms; RSS ${server.memory().rss.toFixed(0)} MiB`,
      );
    }
  } finally {
    await autovacuum.stop();
    await server?.stop();
    // BENCH_KEEP_DB=1 leaves the loaded database for EXPLAINs by hand (drop it yourself afterwards).
    if (process.env['BENCH_KEEP_DB'] === '1') log(`kept database ${BENCH_DB}`);
    else await dropDatabase().catch((error) => log(`could not drop ${BENCH_DB}: ${String(error)}`));
    await cleanRedis().catch((error) => log(`could not clean Redis: ${String(error)}`));
  }
  await finish(report);
}

/** After the PostgreSQL phases (or instead of them): the embedded database, then the report. */
async function finish(report: Report): Promise<void> {
  if (wanted('pglite')) report.pglite = await runPglite(LEVEL_SECONDS, (server) => (current = server));
  report.totalSeconds = (Date.now() - began) / 1000;
  writeReport(report, ONLY.length ? join(OUT_DIR, `RESULTS-${ONLY.join('-')}.md`) : undefined);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('bench failed:', error);
    process.exit(1);
  },
);

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { localDate } from '@doanflow/engine';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { bearer, e2eDirectory } from '../e2e/support.ts';
import { auditFigures, auditLedger } from './audit.ts';
import { ChaosClient, eachLimited, seededRandom } from './client.ts';
import { createChaosDatabase, type ChaosDatabase } from './database.ts';
import { auditInboxes } from './inbox-audit.ts';
import { checkOutPreviousRelease, type ReleaseCheckout } from './previous-release.ts';
import { freePort, PrivateRedis, scratchDir, ServerProcess, sleep } from './processes.ts';
import { LONG, recordScenario, SEED } from './report.ts';
import { auditRoundTimers, cancelRound, openRound, timerFigures, waitUntilSettled } from './timers.ts';
import { Ledger, sendDecision, startInstance, transferInput, transferToCompletion } from './workload.ts';

const run = promisify(execFile);
const TRANSFERS = LONG ? 48 : 16;
const ROUNDS = LONG ? 60 : 24;
/** Deadlines written by one release and left to the other's worker alone, each way. */
const ACROSS = LONG ? 8 : 4;
/** The overdue sweep out of the way: a timer fires on time only if some worker read its wake-up. */
const TIMERS_BY_WAKEUP_ONLY = { TIMER_SWEEP_INTERVAL_MS: '600000', TIMER_OVERDUE_GRACE_MS: '600000' };

let release: ReleaseCheckout;
let scratch: { path: string; dispose(): void };
let redis: PrivateRedis;
let db: ChaosDatabase;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  release = await checkOutPreviousRelease();
  scratch = scratchDir();
  redis = new PrivateRedis(await freePort(), scratch.path);
  await redis.start();
  db = await createChaosDatabase('upgrade', { prepare: false });
}, 360_000);
afterAll(async () => {
  await Promise.all(servers.map((server) => server.kill().catch(() => {})));
  await redis?.kill().catch(() => {});
  await db?.drop().catch(() => {});
  scratch?.dispose();
  release?.dispose();
});

async function serverOf(name: string, dir?: string): Promise<ServerProcess> {
  const env = { databaseUrl: db.url, redisUrl: redis.url, port: await freePort(), dir };
  const server = new ServerProcess(
    { ...env, extra: { ...TIMERS_BY_WAKEUP_ONLY, LOG_LEVEL: 'info' } },
    `${scratch.path}/${name}.log`,
  );
  servers.push(server);
  return server;
}

/** Every instance's state and revision, straight from the rows. */
async function instanceStates(): Promise<Record<string, string>> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; state: string; revision: number }>(
      `select id, snapshot ->> 'state' as state, revision from instances order by id`,
    );
    return Object.fromEntries(rows.map((row) => [row.id, `${row.state}@${row.revision}`]));
  } finally {
    await client.end();
  }
}

describe('upgrade from the previous release', () => {
  it('runs 0.1.0 beside this release on one database, upgraded in place, and loses, repeats and hides nothing', async () => {
    onTestFailed(() => servers.forEach((s) => console.error(`--- ${s.logPath}\n${s.tail(30)}`)));
    const random = seededRandom(SEED);
    const today = localDate(new Date());
    const ledger = new Ledger();
    let targets: string[] = [];
    let turn = 0;
    const client = new ChaosClient(() => targets[turn++ % targets.length]!, { giveUpMs: 60_000 });
    const transfers: { id: string; done: number }[] = [];
    const rounds: string[] = [];
    const advance = async (transfer: { id: string; done: number }, steps: number) => {
      const path = transferToCompletion(today, transfer.id.slice(0, 8));
      for (let i = 0; i < steps && transfer.done < path.length; i += 1) {
        const outcome = await sendDecision(client, ledger, transfer.id, path[transfer.done]!);
        if (outcome.status !== 200) throw new Error(`step refused: ${JSON.stringify(outcome.body)}`);
        transfer.done += 1;
      }
    };
    const openRounds = async (count: number, firstDue: number, spacingMs: number, cancelSome = true) => {
      const ids = await Promise.all(
        Array.from({ length: count }, (_, i) =>
          openRound(client, ledger, `Đợt ${rounds.length + i + 1}`, new Date(firstDue + i * spacingMs)),
        ),
      );
      rounds.push(...ids);
      // A quarter is cancelled while open: their deadlines must never fire.
      const cancelled = cancelSome ? ids.filter(() => random() < 0.25) : [];
      await Promise.all(cancelled.map((id) => cancelRound(client, ledger, id)));
      return ids;
    };

    // 1. The previous release makes the database with its own migrations and serves alone.
    const migrated = await run(process.execPath, ['src/persistence/migrate-cli.ts'], {
      cwd: release.serverDir,
      env: { ...process.env, DATABASE_URL: db.url },
    });
    const seed = new Client({ connectionString: db.url });
    await seed.connect();
    await seed.query(`insert into directory (id, data, version, updated_at) values (1, $1, 1, now())`, [
      JSON.stringify(e2eDirectory),
    ]);
    await seed.end();
    const old = await serverOf('previous', release.serverDir);
    await old.start();
    targets = [old.url];
    const phaseOneStart = Date.now();
    await eachLimited(Array.from({ length: TRANSFERS }), 8, async () => {
      const id = await startInstance(client, ledger, 'p-an', 'member-transfer', transferInput);
      const transfer = { id, done: 0 };
      transfers.push(transfer);
      await advance(transfer, Math.floor(random() * 5));
    });
    // Deadlines that fall due while both releases run, in the wake-ups 0.1.0 wrote.
    const bothFrom = Date.now() + 12_000;
    await openRounds(ROUNDS / 2, bothFrom, 8_000 / (ROUNDS / 2));
    const phaseOneMs = Date.now() - phaseOneStart;

    // 2. This release starts beside it (its migrations run on the live database) while 0.1.0 serves.
    const verifier = await db.verifier();
    try {
      const before = await instanceStates();
      const current = await serverOf('current');
      const reads = { ok: 0, failed: 0 };
      const upgrade = { starting: true };
      const reading = (async () => {
        while (upgrade.starting) {
          const answer = await fetch(`${old.url}/inbox`, { headers: await bearer('p-hieu') }).catch(
            () => null,
          );
          if (answer?.status === 200) reads.ok += 1;
          else reads.failed += 1;
          await answer?.arrayBuffer();
        }
      })();
      await current.start().finally(() => (upgrade.starting = false));
      await reading;
      const migrationLine = /database: applied \d+ migrations at start \(schema 1 → schema 2\)/.exec(
        current.log(),
      );
      const unchanged = JSON.stringify(await instanceStates()) === JSON.stringify(before);
      const afterUpgrade = await auditInboxes({ previous: old.url, current: current.url }, verifier);

      // 3. Both serve: every attempt goes to the other one; their workers share the wake-ups.
      targets = [old.url, current.url];
      const sideBySideStart = Date.now();
      await openRounds(ROUNDS / 2, Date.now() + 3_000, 4_000 / (ROUNDS / 2));
      await eachLimited(transfers, 8, (transfer) => advance(transfer, 1 + Math.floor(random() * 2)));
      while (Date.now() < Math.max(bothFrom + 8_000, sideBySideStart + 7_000) + 1_500) await sleep(250);
      const sideBySide = await auditInboxes({ previous: old.url, current: current.url }, verifier);
      const sideBySideMs = Date.now() - sideBySideStart;

      // Wake-ups this release wrote, with only 0.1.0's worker left to read them (a node rolled back).
      targets = [current.url];
      const writtenByCurrent = await openRounds(ACROSS, Date.now() + 4_000, 250, false);
      await current.stop();
      targets = [old.url];
      await waitUntilSettled(verifier.db, writtenByCurrent, 15_000);
      // Wake-ups 0.1.0 wrote, with only this release's worker left (the deploy completes).
      const writtenByPrevious = await openRounds(ACROSS, Date.now() + 8_000, 250, false);
      await current.start();
      const restartLine = /database: schema 2, migrations up to date/.test(current.tail(40));
      await old.stop();
      targets = [current.url];
      await waitUntilSettled(verifier.db, writtenByPrevious, 20_000);
      const firedAcross = {
        byPreviousFromCurrent: await auditRoundTimers(verifier.db, writtenByCurrent),
        byCurrentFromPrevious: await auditRoundTimers(verifier.db, writtenByPrevious),
      };

      // 4. This release alone drives every instance to its end.
      await waitUntilSettled(verifier.db, rounds, 20_000);
      await eachLimited(transfers, 8, (transfer) => advance(transfer, 99));
      const closed = await verifier.db.query<{ id: string }>(
        `select id from instances where id = any($1) and snapshot ->> 'state' = 'closed'`,
        [rounds],
      );
      await Promise.all(closed.map(({ id }) => cancelRound(client, ledger, id)));

      const audit = await auditLedger(verifier.runtime, ledger);
      const timers = await auditRoundTimers(verifier.db, rounds);
      const [left] = await verifier.db.query<{ active: string; pending: string; unset: string }>(
        `select (select count(*) from instances where status = 'active') as active,
                (select count(*) from timers where status = 'pending') as pending,
                (select count(*) from instances where participant_ids is null) as unset`,
      );
      const atEnd = await auditInboxes({ current: current.url }, verifier);
      recordScenario('Upgrade from the previous release', {
        previousRelease: release.label,
        checkoutAndInstallMs: release.preparedMs,
        previousMigrateSaid: migrated.stdout.trim(),
        migrationsLogged: migrationLine?.[0] ?? null,
        readsDuringUpgrade: reads,
        statesUnchangedByUpgrade: unchanged,
        ...auditFigures(audit),
        transfersCompleted: transfers.filter((t) => t.done === 7).length,
        ...timerFigures(timers),
        inboxChecks: afterUpgrade.checked + sideBySide.checked + atEnd.checked,
        inboxProblems: afterUpgrade.problems.length + sideBySide.problems.length + atEnd.problems.length,
        activeInstancesLeft: Number(left!.active),
        pendingTimersLeft: Number(left!.pending),
        phaseMs: { previousAlone: phaseOneMs, sideBySide: sideBySideMs },
        restartSaidUpToDate: restartLine,
        ...Object.fromEntries(
          Object.entries(firedAcross).map(([key, across]) => [
            key,
            `${across.fired}/${across.due} fired, worst ${Math.max(0, ...across.latenessMs)} ms late`,
          ]),
        ),
      });

      expect(migrated.stdout).toContain('migrations applied');
      expect(migrationLine).not.toBeNull();
      expect(reads.failed).toBe(0);
      expect(unchanged).toBe(true);
      expect([...afterUpgrade.problems, ...sideBySide.problems, ...atEnd.problems]).toEqual([]);
      expect(client.stats.refused).toEqual([]);
      expect(audit.found).toBe(audit.acknowledged);
      expect(audit).toMatchObject({
        duplicates: 0,
        missing: [],
        mismatched: [],
        refusedButWritten: [],
        startProblems: [],
        unexplainedEntries: [],
        replayMismatches: [],
        chainBreaks: [],
      });
      expect(restartLine).toBe(true);
      for (const across of Object.values(firedAcross)) {
        expect(across.problems).toEqual([]);
        expect(across.due).toBeGreaterThan(0);
        expect(Math.max(0, ...across.latenessMs)).toBeLessThan(3_000);
      }
      expect(timers.problems).toEqual([]);
      expect(timers.fired).toBe(timers.due);
      // Every deadline fired from a wake-up (the sweep was ten minutes away), whoever wrote it.
      expect(Math.max(0, ...timers.latenessMs)).toBeLessThan(3_000);
      expect(transfers.every((t) => t.done === 7)).toBe(true);
      // Instances 0.1.0 started have no participants (a column it does not know): housekeeping filled them in.
      expect({
        active: Number(left!.active),
        pending: Number(left!.pending),
        withoutParticipants: Number(left!.unset),
      }).toEqual({ active: 0, pending: 0, withoutParticipants: 0 });
    } finally {
      await verifier.close();
    }
  });
});

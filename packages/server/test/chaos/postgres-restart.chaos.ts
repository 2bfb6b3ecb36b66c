import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { auditFigures, auditLedger } from './audit.ts';
import { ChaosClient, eachLimited } from './client.ts';
import { OWN_POSTGRES, RESTARTED, restartPostgres, waitForMachineQuiet } from './postgres.ts';
import { sleep, type ServerProcess } from './processes.ts';
import { changeLinkRestored, streamShows } from './streams.ts';
import { LONG, recordScenario } from './report.ts';
import { Stage } from './stage.ts';
import { auditRoundTimers, openRound, timerFigures, waitUntilSettled } from './timers.ts';
import { Ledger, sendDecision, startInstance, transferInput, transferSteps } from './workload.ts';

const ROUNDS_PER_TRANSFER = 4;
const MAX_TRANSFERS = LONG ? 600 : 200;
const RESTARTS = LONG ? 3 : 1;
const DEADLINES = 20;
/** Another engineer's tests may be using the machine's PostgreSQL: wait for them this long. */
const QUIET_WAIT_MS = Number(process.env['CHAOS_PG_WAIT_MS'] ?? 180_000);

let stage: Stage;
beforeAll(async () => {
  stage = await Stage.open('postgres', 2);
});
afterAll(async () => stage?.close());

describe('PostgreSQL restarted under load', () => {
  it('answers 503 with a retry hint meanwhile, recovers by itself and loses nothing acknowledged', async () => {
    onTestFailed(() => console.error(stage.logs()));
    // Before any load: nobody else's tests may be running on the PostgreSQL about to restart.
    if (!OWN_POSTGRES) await waitForMachineQuiet(QUIET_WAIT_MS);
    const [a, b] = stage.servers as [ServerProcess, ServerProcess];
    const pids = [a.pid, b.pid];
    let turn = 0;
    // Each attempt goes to the other server: both see the outage and both must recover.
    const client = new ChaosClient(() => stage.servers[turn++ % 2]!.url, { giveUpMs: 120_000 });
    const ledger = new Ledger();

    // /ready on both servers, every 100 ms, for the whole run.
    const readiness: { at: number; server: number; status: number; retryAfter: string | null }[] = [];
    const run = { probing: true, stopped: false };
    const probing = (async () => {
      while (run.probing) {
        await Promise.all(
          stage.servers.map(async (server, index) => {
            try {
              const answer = await fetch(`${server.url}/ready`, { signal: AbortSignal.timeout(3_000) });
              await answer.arrayBuffer();
              readiness.push({
                at: Date.now(),
                server: index,
                status: answer.status,
                retryAfter: answer.headers.get('retry-after'),
              });
            } catch {
              readiness.push({ at: Date.now(), server: index, status: 0, retryAfter: null });
            }
          }),
        );
        await sleep(100);
      }
    })();

    let transfers = 0;
    const load = eachLimited(
      Array.from({ length: 16 }, (_, lane) => lane),
      16,
      async () => {
        while (!run.stopped && transfers < MAX_TRANSFERS) {
          transfers += 1;
          const id = await startInstance(client, ledger, 'p-an', 'member-transfer', transferInput);
          for (const step of transferSteps(ROUNDS_PER_TRANSFER)) await sendDecision(client, ledger, id, step);
        }
      },
    );

    const restarts: { down: number; back: number; recoveredMs: number }[] = [];
    let roundIds: string[] = [];
    try {
      const warm = Date.now();
      while (client.stats.acknowledged < 100 && Date.now() - warm < 30_000) await sleep(50);
      for (let r = 0; r < RESTARTS; r += 1) {
        // Round deadlines that fall due while PostgreSQL is away: their timers must survive it.
        if (r === 0) {
          const soon = Date.now();
          roundIds = await Promise.all(
            Array.from({ length: DEADLINES }, (_, i) =>
              openRound(client, ledger, `Đợt ${i + 1}`, new Date(soon + 300 + i * 100)),
            ),
          );
        }
        const down = Date.now();
        await restartPostgres();
        const back = Date.now();
        // Recovered: both servers ready again and decisions acknowledged, without touching them.
        while (Date.now() - back < 60_000) {
          const ready = stage.servers.every((_, index) =>
            readiness.some((answer) => answer.server === index && answer.at > back && answer.status === 200),
          );
          if (ready && client.stats.ackTimes.some((at) => at > back)) break;
          await sleep(50);
        }
        const firstAck = client.stats.ackTimes.find((at) => at > back) ?? Number.NaN;
        restarts.push({ down, back, recoveredMs: firstAck - back });
        await sleep(2_000);
      }
    } finally {
      run.stopped = true;
      await load.finally(async () => {
        run.probing = false;
        await probing;
      });
    }

    // Other processes' changes reach each server again: its LISTEN connection came back (after a
    // back-off that may have grown to 5 s while PostgreSQL was away).
    await Promise.all(stage.servers.map((server) => changeLinkRestored(server, 15_000)));
    const crossA = await streamShows(
      b,
      'p-binh',
      (text) => text.includes('"instanceId"'),
      () => startInstance(new ChaosClient(() => a.url), ledger, 'p-an', 'member-transfer', transferInput),
    );
    const crossB = await streamShows(
      a,
      'p-binh',
      (text) => text.includes('"instanceId"'),
      () => startInstance(new ChaosClient(() => b.url), ledger, 'p-an', 'member-transfer', transferInput),
    );

    const verifier = await stage.db.verifier();
    try {
      await waitUntilSettled(verifier.db, roundIds, 45_000);
      const timers = await auditRoundTimers(verifier.db, roundIds);
      const audit = await auditLedger(verifier.runtime, ledger);
      const failures = client.stats.failures;
      const notReady = readiness.filter((probe) => probe.status !== 200);
      const outages = restarts.map(({ down, back }, i) => {
        const until = restarts[i + 1]?.down ?? Number.POSITIVE_INFINITY;
        const seen = failures.filter((failure) => failure.at >= down && failure.at < until);
        const last = seen.at(-1)?.at ?? back;
        return {
          failures: seen.length,
          windowMs: seen.length ? last - seen[0]!.at : 0,
          recoveryMs: (client.stats.ackTimes.find((at) => at > last) ?? Number.NaN) - last,
        };
      });
      recordScenario('PostgreSQL restarted', {
        ...auditFigures(audit),
        restarted: RESTARTED,
        restarts: restarts.length,
        restartCommandMs: restarts.map((r) => r.back - r.down),
        // Per restart: the 503s clients saw, from the first to the last of them, and how long after
        // the last one the next decision was acknowledged (the recovery as a client sees it).
        decision503s: outages.map((o) => o.failures),
        unavailableWindowMs: outages.map((o) => o.windowMs),
        recoveryAfterLast503Ms: outages.map((o) => o.recoveryMs),
        recoveryAfterRestartCommandMs: restarts.map((r) => r.recoveredMs),
        decision500s: failures.filter((failure) => failure.status !== 503).length,
        ready503s: notReady.filter((probe) => probe.status === 503).length,
        serverRestartsNeeded: stage.servers.filter((server, i) => server.pid !== pids[i] || !server.running)
          .length,
        changesCrossProcessesAfterwards: crossA && crossB,
        ...timerFigures(timers),
      });
      // Both processes lived through it: same pid, still running.
      expect(stage.servers.map((server) => [server.pid, server.running])).toEqual(
        pids.map((pid) => [pid, true]),
      );
      // The outage was seen, and only ever as 503 UNAVAILABLE with a hint, in the one error shape.
      expect(failures.length).toBeGreaterThan(0);
      for (const failure of failures) {
        expect(failure).toMatchObject({
          status: 503,
          retryAfter: expect.stringMatching(/^\d+$/),
          body: { code: 'UNAVAILABLE', message: expect.any(String), details: expect.any(Object) },
        });
        expect(JSON.stringify(failure.body)).not.toMatch(/stack|at .*\.ts:\d+/);
      }
      for (const probe of notReady)
        expect(probe).toMatchObject({ status: 503, retryAfter: expect.stringMatching(/^\d+$/) });
      for (const restart of restarts) expect(restart.recoveredMs).toBeLessThan(30_000);
      for (const outage of outages) expect(outage.recoveryMs).toBeLessThan(30_000);
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
      expect(timers.problems).toEqual([]);
      expect(timers.fired).toBe(DEADLINES);
      expect({ crossA, crossB }).toEqual({ crossA: true, crossB: true });
    } finally {
      await verifier.close();
    }
  });
});

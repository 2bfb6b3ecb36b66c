import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { auditFigures, auditLedger } from './audit.ts';
import { SteadyLoad, windowFigures } from './fault-load.ts';
import { FaultStage } from './fault-stage.ts';
import { sleep } from './processes.ts';
import { LONG, recordScenario } from './report.ts';
import { auditRoundTimers, openRound, timerFigures, waitUntilSettled } from './timers.ts';

const READ_ONLY_MS = LONG ? 30_000 : 8_000;
const DEADLINES = 12;

let stage: FaultStage;
beforeAll(async () => {
  stage = await FaultStage.open('readonly', { servers: 2 });
}, 180_000);
afterAll(async () => stage?.close());

const until = async (condition: () => boolean, timeoutMs: number) => {
  const started = Date.now();
  while (!condition() && Date.now() - started < timeoutMs) await sleep(50);
};

describe('PostgreSQL refusing writes', () => {
  it('answers writes with 503 and a retry hint, keeps answering reads, and recovers without a restart', async () => {
    onTestFailed(() => console.error(stage.logs()));
    const pids = stage.servers.map((server) => server.pid);
    let turn = 0;
    const load = new SteadyLoad(() => stage.servers[turn++ % 2]!.url, { lanes: 6, readers: 2 });
    load.start();
    await until(() => load.client.stats.acknowledged >= 30, 30_000);

    // Deadlines that fall due while nothing can be written: they must fire once, afterwards.
    const soon = Date.now();
    const rounds = await Promise.all(
      Array.from({ length: DEADLINES }, (_, i) =>
        openRound(load.client, load.ledger, `Đợt ${i + 1}`, new Date(soon + 1_500 + i * 300)),
      ),
    );

    // As a managed service does when storage runs out (and a failover manager to a fenced primary).
    await stage.primary.setReadOnly(true);
    const from = Date.now();
    await sleep(READ_ONLY_MS / 2);
    const readyMidway = await fetch(`${stage.servers[0]!.url}/ready`).then((answer) => answer.status);
    await sleep(READ_ONLY_MS / 2);
    const lifted = Date.now();
    await stage.primary.setReadOnly(false);
    const back = Date.now();
    await until(() => load.acknowledgedAfter(back) >= 20, 30_000);
    const firstAck = load.client.stats.ackTimes.find((at) => at > back) ?? Number.NaN;
    await sleep(1_000);
    await load.stop();

    const verifier = await stage.db.verifier();
    try {
      await waitUntilSettled(verifier.db, rounds, 45_000);
      const timers = await auditRoundTimers(verifier.db, rounds);
      const audit = await auditLedger(verifier.runtime, load.ledger);
      // Attempts that started and ended inside the window (a 2xx there is a stored answer replayed).
      const during = windowFigures(load, from, lifted);
      const refusals = load.client.stats.failures.filter((failure) => failure.at >= from);
      recordScenario('PostgreSQL read-only', {
        ...auditFigures(audit),
        readOnlyMs: back - from,
        ...Object.fromEntries(Object.entries(during).map(([key, value]) => [`during.${key}`, value])),
        readyStatusDuring: readyMidway,
        recoveryAfterWritableMs: firstAck - back,
        serverRestartsNeeded: stage.servers.filter((server, i) => server.pid !== pids[i] || !server.running)
          .length,
        ...timerFigures(timers),
      });

      expect(stage.servers.map((server) => [server.pid, server.running])).toEqual(
        pids.map((pid) => [pid, true]),
      );
      expect(during.decision503).toBeGreaterThan(0);
      expect(during.decisionOther5xx + during.decisionNoAnswer).toBe(0);
      for (const failure of load.client.stats.failures) {
        expect(failure).toMatchObject({ status: 503, retryAfter: expect.stringMatching(/^\d+$/) });
      }
      expect(refusals.some((failure) => JSON.stringify(failure.body).includes('"reason":"read-only"'))).toBe(
        true,
      );
      expect(during.reads).toBeGreaterThan(10);
      expect(during.reads200).toBe(during.reads);
      expect(firstAck - back).toBeLessThan(5_000);
      expect(load.client.stats.refused).toEqual([]);
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
      // Due while nothing could be written: fired by the worker's retries once writes came back.
      expect(Math.max(...timers.latenessMs)).toBeLessThan(READ_ONLY_MS + 8_000);
    } finally {
      await verifier.close();
    }
  });
});

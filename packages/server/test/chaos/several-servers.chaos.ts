import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { auditFigures, auditLedger } from './audit.ts';
import { ChaosClient, eachLimited, seededRandom } from './client.ts';
import { LONG, recordScenario, SEED } from './report.ts';
import { Stage } from './stage.ts';
import { auditRoundTimers, cancelRound, openRound, timerFigures, waitUntilSettled } from './timers.ts';
import { Ledger, sendDecision, startInstance, transferInput, transferSteps } from './workload.ts';

const SERVERS = 3;
const TRANSFERS = LONG ? 120 : 30;
const ROUNDS_PER_TRANSFER = LONG ? 10 : 5;
const DEADLINES = LONG ? 300 : 90;

let stage: Stage;
beforeAll(async () => {
  stage = await Stage.open('several', SERVERS);
});
afterAll(async () => stage?.close());

describe('three server processes on one PostgreSQL and one Redis', () => {
  it('serializes racing decisions (one wins, the stale ones get 409) and fires each timer once', async () => {
    onTestFailed(() => console.error(stage.logs()));
    const random = seededRandom(SEED + 4);
    const clients = stage.servers.map((server) => new ChaosClient(() => server.url));
    const anyClient = () => clients[Math.floor(random() * SERVERS)]!;
    const ledger = new Ledger();

    // Round deadlines a few seconds ahead, opened through any server; a few rounds cancelled.
    const opened = Date.now();
    const roundIds = await Promise.all(
      Array.from({ length: DEADLINES }, (_, i) =>
        openRound(anyClient(), ledger, `Đợt ${i + 1}`, new Date(opened + 6_000 + random() * 6_000)),
      ),
    );
    const cancelled = roundIds.filter(() => random() < 0.1);
    await Promise.all(cancelled.map((id) => cancelRound(anyClient(), ledger, id)));

    // Every decision is sent to all three servers at once, each with the revision it read.
    const wins = Array.from({ length: SERVERS }, () => 0);
    const losers: { status: number; code: unknown }[] = [];
    const contests: number[] = [];
    await eachLimited(
      Array.from({ length: TRANSFERS }, (_, i) => i),
      10,
      async () => {
        const id = await startInstance(anyClient(), ledger, 'p-an', 'member-transfer', transferInput);
        let revision = 1;
        for (const step of transferSteps(ROUNDS_PER_TRANSFER)) {
          const outcomes = await Promise.all(
            clients.map((client) => sendDecision(client, ledger, id, step, { expectedRevision: revision })),
          );
          const winners = outcomes.flatMap((outcome, server) => (outcome.status === 200 ? [server] : []));
          contests.push(winners.length);
          for (const server of winners) wins[server]! += 1;
          for (const outcome of outcomes) {
            if (outcome.status !== 200) losers.push({ status: outcome.status, code: outcome.body['code'] });
          }
          revision += 1;
        }
      },
    );

    const verifier = await stage.db.verifier();
    try {
      await waitUntilSettled(verifier.db, roundIds, 45_000);
      const timers = await auditRoundTimers(verifier.db, roundIds);
      const audit = await auditLedger(verifier.runtime, ledger);
      recordScenario('three servers, one database', {
        ...auditFigures(audit),
        racedDecisions: contests.length,
        winsPerServer: wins,
        staleRefusals409: losers.filter((loser) => loser.status === 409).length,
        ...timerFigures(timers),
      });
      // Exactly one of the three racing requests won each time; the others were told they were stale.
      expect(contests.filter((winners) => winners !== 1)).toEqual([]);
      expect(losers).toHaveLength(contests.length * (SERVERS - 1));
      expect(new Set(losers.map((loser) => `${loser.status} ${String(loser.code)}`))).toEqual(
        new Set(['409 STALE_REVISION']),
      );
      // The work really was spread: every server won some races.
      for (const count of wins) expect(count).toBeGreaterThan(0);
      expect(audit.found).toBe(audit.acknowledged);
      expect(audit).toMatchObject({
        duplicates: 0,
        missing: [],
        mismatched: [],
        refusedButWritten: [],
        startProblems: [],
        instances: TRANSFERS + DEADLINES,
        unexplainedEntries: [],
        replayMismatches: [],
        chainBreaks: [],
      });
      expect(timers.problems).toEqual([]);
      expect(timers.cancelled).toBe(cancelled.length);
      expect(timers.fired).toBe(DEADLINES - cancelled.length);
      const states = await verifier.db.query<{ state: string; n: string }>(
        `select state, count(*) as n from instances where workflow_id = 'member-transfer' group by state`,
      );
      expect(states).toEqual([{ state: 'withdrawn', n: String(TRANSFERS) }]);
    } finally {
      await verifier.close();
    }
  });
});

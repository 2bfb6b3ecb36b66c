import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { auditFigures, auditLedger } from './audit.ts';
import { ChaosClient } from './client.ts';
import { SteadyLoad, windowFigures } from './fault-load.ts';
import { FaultStage } from './fault-stage.ts';
import { PrivateCluster } from './private-postgres.ts';
import { sleep, type ServerProcess } from './processes.ts';
import { recordScenario } from './report.ts';
import { changeLinkRestored, streamShows } from './streams.ts';
import { auditRoundTimers, openRound, timerFigures, waitUntilSettled } from './timers.ts';
import { startInstance, transferInput } from './workload.ts';

const DEADLINES = 10;
/** The old primary stays up, fenced read-only, this long after the switch (pooled connections lead to it). */
const FENCED_MS = 6_000;

let stage: FaultStage;
let standby: PrivateCluster;
beforeAll(async () => {
  stage = await FaultStage.open('failover', { servers: 2, proxies: true });
  standby = await PrivateCluster.standbyOf(stage.primary);
  stage.extraClusters.push(standby);
  // Synchronous replication: what the primary acknowledged is on the standby (no failover loses it).
  await stage.primary.sql(`alter system set synchronous_standby_names = '*'`);
  await stage.primary.sql('select pg_reload_conf()');
  await stage.primary.waitFor(async () => {
    const rows = await stage.primary.sql<{ sync_state: string }>(
      'select sync_state from pg_stat_replication',
    );
    return rows[0]?.sync_state === 'sync';
  });
}, 180_000);
afterAll(async () => stage?.close());

const until = async (condition: () => boolean, timeoutMs: number) => {
  const started = Date.now();
  while (!condition() && Date.now() - started < timeoutMs) await sleep(50);
};

/** Sessions of our servers on a cluster (pooled connections and LISTEN). */
const sessionsOn = async (cluster: PrivateCluster) =>
  (
    await cluster.sql<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity where datname = '${stage.db.name}'`,
    )
  )[0]!.n;

describe('PostgreSQL failing over to a promoted streaming replica', () => {
  it('follows the new primary behind its address, and commits every decision in flight once', async () => {
    onTestFailed(() => console.error(stage.logs()));
    const [a, b] = stage.servers as [ServerProcess, ServerProcess];
    const pids = [a.pid, b.pid];
    let turn = 0;
    const load = new SteadyLoad(() => stage.servers[turn++ % 2]!.url, { lanes: 8, readers: 1 });
    load.start();
    await until(() => load.client.stats.acknowledged >= 40, 30_000);
    const soon = Date.now();
    const rounds = await Promise.all(
      Array.from({ length: DEADLINES }, (_, i) =>
        openRound(load.client, load.ledger, `Đợt ${i + 1}`, new Date(soon + 1_000 + i * 500)),
      ),
    );

    // The cut, as a failover manager runs it: fence the old primary (every session read-only),
    // let the standby replay what was committed, promote it, move the address.
    const fencedAt = Date.now();
    await stage.primary.setReadOnly(true);
    const [{ lsn }] = (await stage.primary.sql<{ lsn: string }>(
      'select pg_current_wal_lsn()::text as lsn',
    )) as [{ lsn: string }];
    await standby.waitFor(async () => {
      const [row] = await standby.sql<{ ok: boolean }>(`select pg_last_wal_replay_lsn() >= '${lsn}' as ok`);
      return row!.ok;
    });
    await standby.promote();
    stage.pgProxy!.retarget(standby.port);
    const switchedAt = Date.now();
    await until(() => load.acknowledgedAfter(switchedAt) > 0, 30_000);
    const firstAck = load.client.stats.ackTimes.find((at) => at > switchedAt) ?? Number.NaN;
    await sleep(FENCED_MS - (Date.now() - switchedAt));
    const onOldPrimaryWhileFenced = await sessionsOn(stage.primary);
    await stage.primary.stop();
    const stoppedAt = Date.now();
    await until(() => load.acknowledgedAfter(stoppedAt) >= 20, 30_000);
    await load.stop();

    // Changes cross between the processes again: their LISTEN connections found the new primary
    // (each told its streams to resync for what it missed meanwhile).
    await Promise.all(stage.servers.map((server) => changeLinkRestored(server, 10_000)));
    const linkBackAfterStopMs = Date.now() - stoppedAt;
    const crosses = await streamShows(
      b,
      'p-binh',
      (text) => text.includes('"instanceId"'),
      () =>
        startInstance(new ChaosClient(() => a.url), load.ledger, 'p-an', 'member-transfer', transferInput),
    );

    const verifier = await stage.db.verifier(standby.url(stage.db.name));
    try {
      await waitUntilSettled(verifier.db, rounds, 45_000);
      const timers = await auditRoundTimers(verifier.db, rounds);
      const audit = await auditLedger(verifier.runtime, load.ledger);
      // Requests sent before the fence and answered after it: in flight at the cut.
      const inFlight = load.client.stats.timeline.filter(
        (attempt) => attempt.at < fencedAt && attempt.at + attempt.ms > fencedAt,
      );
      const cut = windowFigures(load, fencedAt, firstAck);
      recordScenario('PostgreSQL failover to a promoted replica', {
        ...auditFigures(audit),
        fenceToSwitchMs: switchedAt - fencedAt,
        firstAckAfterSwitchMs: firstAck - switchedAt,
        inFlightAtCut: inFlight.length,
        inFlightAnswered: inFlight.map((attempt) => attempt.status).join(' '),
        ...Object.fromEntries(Object.entries(cut).map(([key, value]) => [`cut.${key}`, value])),
        sessionsOnFencedPrimaryAfter6s: onOldPrimaryWhileFenced,
        sessionsOnNewPrimaryAfter: await sessionsOn(standby),
        linkBackAfterStopMs,
        changesCrossProcessesAfterwards: crosses,
        serverRestartsNeeded: stage.servers.filter((server, i) => server.pid !== pids[i] || !server.running)
          .length,
        ...timerFigures(timers),
      });

      expect(stage.servers.map((server) => [server.pid, server.running])).toEqual(
        pids.map((pid) => [pid, true]),
      );
      expect(firstAck - switchedAt).toBeLessThan(5_000);
      // Only ever a retryable answer: 503 with a hint, never a 500, never silence.
      for (const failure of load.client.stats.failures) {
        expect(failure).toMatchObject({ status: 503, retryAfter: expect.stringMatching(/^\d+$/) });
      }
      expect(load.client.stats.timeline.filter((attempt) => attempt.status === 0)).toEqual([]);
      expect(inFlight.length).toBeGreaterThan(0);
      expect(crosses).toBe(true);
      expect(load.client.stats.refused).toEqual([]);
      // Every acknowledged decision once on the new primary, retries with the same key included.
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
    } finally {
      await verifier.close();
    }
  });
});

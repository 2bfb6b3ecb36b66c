import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { auditFigures, auditLedger } from './audit.ts';
import { SteadyLoad, windowFigures } from './fault-load.ts';
import { FaultStage } from './fault-stage.ts';
import { connectionsOf, sleep } from './processes.ts';
import { LONG, recordScenario } from './report.ts';
import type { TcpProxy } from './tcp-proxy.ts';
import { auditRoundTimers, openRound, timerFigures, waitUntilSettled } from './timers.ts';

const PG_STALL_MS = 30_000;
const REDIS_STALL_MS = LONG ? 30_000 : 15_000;
const DEADLINES = 8;
/** The server's bound on one request when PostgreSQL does not answer: 10 s per statement, 5 s to get a connection. */
const ANSWER_BOUND_MS = 16_000;
/**
 * A decision's first read is batched with others (runner/send-reads.ts): it may wait behind the two
 * statements already on their way for up to 5 s (then 503), and then take those limits itself
 * (16.4 s once in five CI runs, before that wait had a limit). Still well short of the stall, which
 * a wait without bound would outlast.
 */
const DECISION_BOUND_MS = 25_000;
/** The server's pool (10) and LISTEN connection, with room for connections being replaced. */
const CONNECTION_BOUND = 14;

let stage: FaultStage;
beforeAll(async () => {
  stage = await FaultStage.open('stall', { servers: 1, proxies: true });
}, 180_000);
afterAll(async () => stage?.close());

const until = async (condition: () => boolean, timeoutMs: number) => {
  const started = Date.now();
  while (!condition() && Date.now() - started < timeoutMs) await sleep(50);
};

/**
 * Stalls the proxy for `ms`, running `meanwhile` a second in, and sampling the connections the
 * server holds established through it.
 */
async function stallFor<T>(proxy: TcpProxy, ms: number, meanwhile?: () => Promise<T>) {
  const pid = stage.servers[0]!.pid!;
  const acceptedBefore = proxy.stats.accepted;
  let mostOpen = connectionsOf(pid, proxy.port);
  proxy.stall();
  const from = Date.now();
  const during = sleep(1_000).then(() => meanwhile?.());
  while (Date.now() - from < ms) {
    await sleep(250);
    mostOpen = Math.max(mostOpen, connectionsOf(pid, proxy.port));
  }
  const to = Date.now();
  proxy.resume();
  return {
    from,
    to,
    mostOpen,
    connectionsTried: proxy.stats.accepted - acceptedBefore,
    during: await during,
  };
}

describe('a network stall', () => {
  it('answers within a bounded time while PostgreSQL or Redis does not, piles nothing up, and recovers', async () => {
    onTestFailed(() => console.error(stage.logs()));
    const [server] = stage.servers;
    // Clients wait longer than the server's own bound: what is measured is the server's answer.
    const load = new SteadyLoad(() => server!.url, { lanes: 6, readers: 2, attemptTimeoutMs: 30_000 });
    load.start();
    await until(() => load.client.stats.acknowledged >= 30, 30_000);
    const rounds = async (label: string) => {
      const soon = Date.now();
      return Promise.all(
        Array.from({ length: DEADLINES }, (_, i) =>
          openRound(load.client, load.ledger, `${label} ${i + 1}`, new Date(soon + 2_000 + i * 500)),
        ),
      );
    };

    // PostgreSQL: no byte moves for 30 s, and new connections get no answer.
    const pgRounds = await rounds('PostgreSQL');
    const pg = await stallFor(stage.pgProxy!, PG_STALL_MS);
    await until(() => load.acknowledgedAfter(pg.to) >= 10, 30_000);
    const pgRecoveryMs = (load.client.stats.ackTimes.find((at) => at > pg.to) ?? Number.NaN) - pg.to;
    await sleep(1_000);
    const [sessions] = await stage.primary.sql<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity where datname = '${stage.db.name}'`,
    );
    const heldAfter = connectionsOf(server!.pid!, stage.pgProxy!.port);

    // Redis: decisions still commit, rounds opened meanwhile too (their wake-ups cannot be added);
    // the wake-ups lost are rebuilt from the rows when Redis answers again.
    const redis = await stallFor(stage.redisProxy!, REDIS_STALL_MS, () => rounds('Redis'));
    const redisRounds = redis.during!;
    await sleep(2_000);
    await load.stop();

    const verifier = await stage.db.verifier();
    try {
      await waitUntilSettled(verifier.db, [...pgRounds, ...redisRounds], 45_000);
      const pgTimers = await auditRoundTimers(verifier.db, pgRounds);
      const redisTimers = await auditRoundTimers(verifier.db, redisRounds);
      const audit = await auditLedger(verifier.runtime, load.ledger);
      const duringPg = windowFigures(load, pg.from, pg.to);
      const duringRedis = windowFigures(load, redis.from, redis.to);
      recordScenario('Network stall (PostgreSQL, then Redis)', {
        ...auditFigures(audit),
        pgStallMs: pg.to - pg.from,
        ...Object.fromEntries(Object.entries(duringPg).map(([key, value]) => [`pg.${key}`, value])),
        'pg.mostConnectionsOpen': pg.mostOpen,
        'pg.connectionsTried': pg.connectionsTried,
        'pg.sessionsAfter': sessions!.n,
        'pg.heldAfter': heldAfter,
        'pg.recoveryAfterStallMs': pgRecoveryMs,
        redisStallMs: redis.to - redis.from,
        ...Object.fromEntries(Object.entries(duringRedis).map(([key, value]) => [`redis.${key}`, value])),
        ...timerFigures(mergeAudits(pgTimers, redisTimers)),
        'pg.timersWorstLateMs': Math.max(0, ...pgTimers.latenessMs),
        'redis.timersWorstLateMs': Math.max(0, ...redisTimers.latenessMs),
      });

      // Bounded: every attempt answered, by the server, within its own limits; only ever 503.
      expect(duringPg.decision503).toBeGreaterThan(0);
      expect(duringPg.decisionNoAnswer + duringPg.decisionOther5xx).toBe(0);
      expect(duringPg.slowestDecisionAttemptMs).toBeLessThan(DECISION_BOUND_MS);
      expect(duringPg.slowestReadMs).toBeLessThan(ANSWER_BOUND_MS);
      for (const failure of load.client.stats.failures) {
        expect(failure).toMatchObject({ status: 503, retryAfter: expect.stringMatching(/^\d+$/) });
      }
      // Nothing piled up: connections stayed within the pool, and came back to it.
      expect(pg.mostOpen).toBeLessThanOrEqual(CONNECTION_BOUND);
      expect(sessions!.n).toBeLessThanOrEqual(CONNECTION_BOUND);
      expect(heldAfter).toBeLessThanOrEqual(CONNECTION_BOUND);
      expect(pgRecoveryMs).toBeLessThan(10_000);
      // A stalled Redis delays a decision or start by its command timeout (2 s) at most, fails none.
      expect(duringRedis.decision2xx).toBeGreaterThan(0);
      expect(duringRedis.decision503 + duringRedis.decisionOther5xx + duringRedis.decisionNoAnswer).toBe(0);
      expect(duringRedis.slowestDecisionAttemptMs).toBeLessThan(5_000);

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
      for (const timers of [pgTimers, redisTimers]) {
        expect(timers.problems).toEqual([]);
        expect(timers.fired).toBe(DEADLINES);
      }
    } finally {
      await verifier.close();
    }
  });
});

function mergeAudits(a: Awaited<ReturnType<typeof auditRoundTimers>>, b: typeof a) {
  return {
    scheduled: a.scheduled + b.scheduled,
    cancelled: a.cancelled + b.cancelled,
    due: a.due + b.due,
    fired: a.fired + b.fired,
    problems: [...a.problems, ...b.problems],
    latenessMs: [...a.latenessMs, ...b.latenessMs],
  };
}

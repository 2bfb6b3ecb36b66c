import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { auditFigures, auditLedger } from './audit.ts';
import { ChaosClient, eachLimited, seededRandom } from './client.ts';
import { sleep } from './processes.ts';
import { LONG, recordScenario, SEED } from './report.ts';
import { Stage } from './stage.ts';
import {
  auditRoundTimers,
  cancelRound,
  openRound,
  timerFigures,
  waitUntilSettled,
  wakeAgain,
} from './timers.ts';
import { Ledger } from './workload.ts';

const ROUNDS = LONG ? 1_000 : 300;
/** Opening the rounds must fit in this; the flush comes right after, deadlines are placed around it. */
const OPEN_WINDOW_MS = LONG ? 20_000 : 6_000;
/** src/main.ts reconciles every 30 s when it has Redis: the bound on recovering lost wake-ups. */
const RECONCILE_INTERVAL_MS = 30_000;

let stage: Stage;
beforeAll(async () => {
  stage = await Stage.open('redis', 1);
});
afterAll(async () => stage?.close());

async function keyCount(url: string): Promise<number> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
  try {
    return await redis.dbsize();
  } finally {
    redis.disconnect();
  }
}

async function flushAll(url: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
  try {
    await redis.flushall();
  } finally {
    redis.disconnect();
  }
}

describe('Redis lost while timers are pending and falling due', () => {
  it('fires every timer exactly once after reconciliation, none for a round that was cancelled', async () => {
    onTestFailed(() => console.error(stage.logs()));
    const random = seededRandom(SEED + 2);
    const client = new ChaosClient(() => stage.servers[0]!.url);
    const ledger = new Ledger();

    // Deadlines around the flush F: a quarter before it (fire normally), a fifth in a burst just
    // before it (being delivered as Redis empties), the rest up to 20 s after (lost with Redis).
    const flushAt = Date.now() + OPEN_WINDOW_MS + 8_000;
    const deadlines = Array.from({ length: ROUNDS }, (_, i) => {
      const share = i / ROUNDS;
      if (share < 0.25) return flushAt - 8_000 + random() * 7_000;
      if (share < 0.45) return flushAt - 300;
      return flushAt + 1_000 + random() * 19_000;
    }).map((ms) => new Date(Math.round(ms)));

    const ids: string[] = Array.from({ length: ROUNDS }, () => '');
    const openedAt = Date.now();
    await eachLimited(deadlines, 16, async (deadline, i) => {
      ids[i] = await openRound(client, ledger, `Đợt khen thưởng ${i + 1}`, deadline);
    });
    const openMs = Date.now() - openedAt;

    // Some rounds are cancelled while their deadline is still ≥ 3 s away: before the flush…
    const cancellable = (i: number) => deadlines[i]!.getTime() - Date.now() > 3_000;
    const early = ids.filter((_, i) => cancellable(i) && random() < 0.12);
    await eachLimited(early, 8, (id) => cancelRound(client, ledger, id));

    const pendingAtFlush = await stage.db.verifier().then(async (verifier) => {
      try {
        await sleep(Math.max(0, flushAt - Date.now()));
        return await verifier.db.query<{ id: string }>(`select id from timers where status = 'pending'`);
      } finally {
        await verifier.close();
      }
    });
    const keysBeforeFlush = await keyCount(stage.redis.url);
    await flushAll(stage.redis.url);
    const flushedAt = Date.now();

    // …and after it, while Redis knows nothing of them.
    const late = ids.filter((id, i) => !early.includes(id) && cancellable(i) && random() < 0.1);
    await eachLimited(late, 8, (id) => cancelRound(client, ledger, id));

    // Then Redis dies outright (SIGKILL) and comes back empty on the same port.
    await sleep(Math.max(0, flushedAt + 6_000 - Date.now()));
    await stage.redis.kill();
    await sleep(1_000);
    await stage.redis.start();
    const restartedAt = Date.now();

    const verifier = await stage.db.verifier();
    try {
      const lastDue = Math.max(...deadlines.map((d) => d.getTime()));
      await waitUntilSettled(
        verifier.db,
        ids,
        Math.max(0, lastDue - Date.now()) + RECONCILE_INTERVAL_MS + 20_000,
      );
      const settledAt = Date.now();
      const audit = await auditRoundTimers(verifier.db, ids);
      const history = await verifier.db.query<{ n: string }>('select count(*) as n from history');

      // Every timer woken again (a stale or doubled wake-up): the rows decide, nothing changes.
      const timerIds = (await verifier.db.query<{ id: string }>('select id from timers')).map((t) => t.id);
      await wakeAgain(stage.redis.url, timerIds);
      const historyAfter = await verifier.db.query<{ n: string }>('select count(*) as n from history');
      // The timer transitions are part of the record too: every round replays, its chain verifies.
      const ledgerAudit = await auditLedger(verifier.runtime, ledger);

      recordScenario('Redis lost (FLUSHALL, then SIGKILL + restart)', {
        ...timerFigures(audit),
        ...auditFigures(ledgerAudit),
        pendingAtFlush: pendingAtFlush.length,
        redisKeysFlushed: keysBeforeFlush,
        cancelledBeforeFlush: early.length,
        cancelledWhileRedisEmpty: late.length,
        staleWakeupsReplayed: timerIds.length,
        historyChangedByStaleWakeups: Number(historyAfter[0]!.n) - Number(history[0]!.n),
        openRoundsMs: openMs,
        allSettledAfterFlushMs: settledAt - flushedAt,
        allSettledAfterRedisRestartMs: settledAt - restartedAt,
      });
      expect(openMs).toBeLessThan(OPEN_WINDOW_MS + 8_000);
      expect(pendingAtFlush.length).toBeGreaterThan(ROUNDS / 3);
      expect(keysBeforeFlush).toBeGreaterThan(0);
      expect(audit.problems).toEqual([]);
      expect(audit.scheduled).toBe(ROUNDS);
      expect(audit.cancelled).toBe(early.length + late.length);
      expect(audit.fired).toBe(audit.due);
      expect(audit.due + audit.cancelled).toBe(ROUNDS);
      expect(historyAfter).toEqual(history);
      expect(ledgerAudit.found).toBe(ledgerAudit.acknowledged);
      expect(ledgerAudit).toMatchObject({
        duplicates: 0,
        missing: [],
        startProblems: [],
        instances: ROUNDS,
        unexplainedEntries: [],
        replayMismatches: [],
        chainBreaks: [],
      });
      expect(client.stats.refused).toEqual([]);
      // Nothing lost is ever later than one reconciliation interval (plus delivery time).
      expect(Math.max(...audit.latenessMs)).toBeLessThan(RECONCILE_INTERVAL_MS + 10_000);
    } finally {
      await verifier.close();
    }
  });
});

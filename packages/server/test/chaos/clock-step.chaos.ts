import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { isoOf } from '../../src/runner/rows.ts';
import { TIMER_QUEUE } from '../../src/timers/queue.ts';
import { auditFigures, auditLedger } from './audit.ts';
import { ChaosClient } from './client.ts';
import { FaultStage } from './fault-stage.ts';
import { sleep } from './processes.ts';
import { recordScenario } from './report.ts';
import { auditRoundTimers, cancelRound, openRound, SERVER_QUEUE_PREFIX, waitUntilSettled } from './timers.ts';
import { Ledger } from './workload.ts';

/**
 * The server's wall clock steps, as when NTP corrects a machine: libfaketime (Debian's libfaketime)
 * preloaded into the server process alone shifts what it reads as the time of day (Date.now, and
 * what BullMQ and pg read) by an offset the test writes to a file; the monotonic clock that Node's
 * timers run on is left alone, as a real step leaves it. PostgreSQL and Redis keep the real time,
 * as on other machines. Nothing else on the machine sees the step.
 */
const LIBFAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1';
const HOUR = 3_600_000;
const MINUTE = 60_000;

const offsetDir = mkdtempSync(join(tmpdir(), 'doanflow-clock-'));
const offsetFile = join(offsetDir, 'offset');
let offsetMs = 0;
let stage: FaultStage;
/** How long the server took to read each step (ms from the write), for the report. */
const stepReadInMs: number[] = [];

/**
 * Steps the server's clock to `ms` from the real time, and waits until the server reads it: the
 * `Date` header of its answers. libfaketime re-reads the file only when its cache has aged past
 * FAKETIME_CACHE_DURATION whole seconds, which can take close to three seconds from the write, and
 * Node refreshes the header each second; a fixed sleep raced that once (rounds made right after the
 * step back fired at once against the old clock).
 */
async function stepTo(ms: number): Promise<number> {
  const minutes = Math.round(ms / MINUTE);
  writeFileSync(offsetFile, `${minutes >= 0 ? '+' : ''}${minutes}m\n`);
  offsetMs = ms;
  const url = `${stage.servers[0]!.url}/health`;
  const written = Date.now();
  const deadline = written + 20_000;
  let seen = '';
  while (Date.now() < deadline) {
    const answer = await fetch(url).catch(() => undefined);
    seen = answer?.headers.get('date') ?? '';
    await answer?.body?.cancel();
    // The header has whole seconds; within 3 s of the stepped time means the step is read.
    if (seen && Math.abs(Date.parse(seen) - (Date.now() + ms)) < 3_000) {
      stepReadInMs.push(Date.now() - written);
      return Date.now();
    }
    await sleep(200);
  }
  throw new Error(`the server's clock did not step to ${minutes} min within 20 s (its Date header: ${seen})`);
}

beforeAll(async () => {
  if (!existsSync(LIBFAKETIME)) {
    throw new Error(
      `the clock-step scenario needs libfaketime (${LIBFAKETIME}): apt-get install -y libfaketime`,
    );
  }
  writeFileSync(offsetFile, '+0m\n');
  stage = await FaultStage.open('clock', {
    servers: 1,
    serverEnv: {
      LD_PRELOAD: LIBFAKETIME,
      FAKETIME_TIMESTAMP_FILE: offsetFile,
      FAKETIME_CACHE_DURATION: '1',
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
    },
  });
}, 180_000);
afterAll(async () => {
  await stage?.close();
  rmSync(offsetDir, { recursive: true, force: true });
});

describe("the server's clock stepping", () => {
  it('loses no timer and fires none early by more than the step, forward one hour and back ten minutes', async () => {
    onTestFailed(() => console.error(stage.logs()));
    const server = stage.servers[0]!;
    const client = new ChaosClient(() => server.url);
    const ledger = new Ledger();
    /** Rounds whose deadline is `inMs` from now on the server's clock. */
    const rounds = (label: string, count: number, inMs: number) => {
      const due = Date.now() + offsetMs + inMs;
      return Promise.all(
        Array.from({ length: count }, (_, i) =>
          openRound(client, ledger, `${label} ${i + 1}`, new Date(due + i * 200)),
        ),
      );
    };
    const verifier = await stage.db.verifier();
    try {
      // No step yet: due in 4 s, in 30 min, in 3 h.
      const onTime = await rounds('Đúng giờ', 3, 4_000);
      const inHalfAnHour = await rounds('Nửa giờ', 3, 30 * MINUTE);
      const inThreeHours = await rounds('Ba giờ', 2, 3 * HOUR);
      await waitUntilSettled(verifier.db, onTime, 15_000);

      // +1 h: what falls due within the hour fires now (early in real time by less than the step).
      const forwardAt = await stepTo(HOUR);
      await waitUntilSettled(verifier.db, inHalfAnHour, 15_000);
      const firedAfterForwardMs = Date.now() - forwardAt;
      const afterForward = await rounds('Sau khi tiến', 3, 5_000);
      await waitUntilSettled(verifier.db, afterForward, 15_000);

      // −10 min: the server lives ten minutes again; nothing fires twice, nothing before its time.
      await stepTo(HOUR - 10 * MINUTE);
      const afterBack = await rounds('Sau khi lùi', 3, 5_000);
      const inFiveMinutes = await rounds('Năm phút', 2, 5 * MINUTE);
      await waitUntilSettled(verifier.db, afterBack, 15_000);
      await sleep(3_000);

      // Still pending, with their wake-ups in Redis, the rounds not due yet on the server's clock.
      const pending = [...inThreeHours, ...inFiveMinutes];
      const timerRows = await verifier.db.query<{ id: string; status: string }>(
        'select id, status from timers where instance_id = any($1)',
        [pending],
      );
      const connection = new Redis(stage.redis.url, { maxRetriesPerRequest: null });
      const queue = new Queue(TIMER_QUEUE, { connection, prefix: SERVER_QUEUE_PREFIX });
      const wakeups = await Promise.all(timerRows.map((row) => queue.getJobState(row.id)));
      await queue.close();
      connection.disconnect();
      await Promise.all(pending.map((id) => cancelRound(client, ledger, id)));

      const fired = [...onTime, ...inHalfAnHour, ...afterForward, ...afterBack];
      const all = [...fired, ...pending];
      const timers = await auditRoundTimers(verifier.db, all);
      const audit = await auditLedger(verifier.runtime, ledger);
      // When each deadline fired by the server's clock, against its due time.
      const firings = await verifier.db.query<{ instance_id: string; at: string | Date; due: string | Date }>(
        `select h.instance_id, h.at, t.due from history h join timers t on t.id = h.timer_id
          where h.instance_id = any($1) and h.type = 'DEADLINE_PASSED'`,
        [all],
      );
      const earliness = firings.map((row) => Date.parse(isoOf(row.due)!) - Date.parse(isoOf(row.at)!));
      const lateBy = (ids: string[]) =>
        Math.max(
          ...firings
            .filter((row) => ids.includes(row.instance_id))
            .map((row) => Date.parse(isoOf(row.at)!) - Date.parse(isoOf(row.due)!)),
        );
      recordScenario('Clock stepped +1 h, then −10 min', {
        how: 'libfaketime in the server process (wall clock only; monotonic, PostgreSQL and Redis untouched)',
        ...auditFigures(audit),
        timersDue: timers.due,
        timersFired: timers.fired,
        timersPendingAfterSteps: timerRows.filter((row) => row.status === 'pending').length,
        wakeupsStillDelayed: wakeups.filter((state) => state === 'delayed').length,
        stepReadInMs,
        dueWithinTheHourFiredAfterStepMs: firedAfterForwardMs,
        earliestByServerClockMs: Math.max(0, ...earliness),
        lateOnServerClockMs: {
          noStep: lateBy(onTime),
          afterForward: lateBy(afterForward),
          afterBack: lateBy(afterBack),
        },
      });

      expect(timers.problems).toEqual([]);
      expect(timers.fired).toBe(fired.length);
      expect(timers.cancelled).toBe(pending.length);
      // Never early by the server's own clock; so in real time early by the step at most.
      expect(earliness.filter((ms) => ms > 0)).toEqual([]);
      // Picked up by the worker's next look at its delayed jobs, at the latest by the overdue sweep.
      expect(firedAfterForwardMs).toBeLessThan(40_000);
      for (const group of [onTime, afterForward, afterBack]) expect(lateBy(group)).toBeLessThan(3_000);
      // Not lost: the ones not due were pending with their wake-ups, until cancelled.
      expect(timerRows.map((row) => row.status)).toEqual(pending.map(() => 'pending'));
      expect(wakeups).toEqual(pending.map(() => 'delayed'));
      expect(audit.found).toBe(audit.acknowledged);
      expect(audit).toMatchObject({ duplicates: 0, missing: [], replayMismatches: [], chainBreaks: [] });
    } finally {
      await verifier.close();
    }
  });
});

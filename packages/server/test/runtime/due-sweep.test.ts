import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchOutcome } from '../../src/runner/timer-batch.ts';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { DeliveryBatcher } from '../../src/timers/delivery-batcher.ts';
import { defaultDueSweepSettings, DueSweep } from '../../src/timers/due-sweep.ts';
import {
  dropSchema,
  nextChange,
  openRuntime,
  REDIS_URL,
  TestClock,
  transferInTransit,
  uniqueName,
} from './support.ts';

const schema = uniqueName('rt_due_sweep');
const prefix = uniqueName('dftest');
const clock = new TestClock('2026-03-02T02:00:00Z');
let runtime: HostedRuntime;

beforeAll(async () => {
  // The overdue sweep is off: only the due-timer sweep (or a wake-up) can fire.
  runtime = await openRuntime({ schema, clock, redisUrl: REDIS_URL, queuePrefix: prefix, dueSweep: true });
});
afterAll(async () => {
  await runtime?.timers?.queue.obliterate({ force: true });
  await runtime?.close();
  await dropSchema(schema);
});

const expiries = async (id: string) =>
  (
    await runtime.db.query('select seq from history where instance_id = $1 and type = $2', [
      id,
      'REFERRAL_EXPIRED',
    ])
  ).length;

const expired = (id: string) =>
  nextChange(runtime, (change) => change.instanceId === id && change.state === 'referralExpired', 5_000);

describe('the due-timer sweep', () => {
  it('fires a due timer whose wake-up is gone, once, within about a second', async () => {
    const { id, timerId, due } = await transferInTransit(runtime);
    await runtime.timers!.cancel([timerId]);
    expect(await runtime.timers!.state(timerId)).toBe('unknown');
    const fired = expired(id);
    clock.set(due);
    await fired;
    expect(await expiries(id)).toBe(1);
    const [row] = await runtime.db.query<{ status: string }>('select status from timers where id = $1', [
      timerId,
    ]);
    expect(row?.status).toBe('fired');
  });

  it('fires each timer once when its wake-up races the sweep, and removes the wake-ups it made useless', async () => {
    clock.set('2026-05-01T02:00:00Z');
    const transfers = [
      await transferInTransit(runtime, '2026-05-01'),
      await transferInTransit(runtime, '2026-05-01'),
      await transferInTransit(runtime, '2026-05-01'),
    ];
    const fired = transfers.map(({ id }) => expired(id));
    clock.set(transfers[2]!.due);
    // Two of the wake-ups run at once, while the sweep notices the same timers.
    await Promise.all(transfers.slice(0, 2).map(({ timerId }) => runtime.timers!.promote(timerId)));
    await Promise.all(fired);
    for (const { id } of transfers) expect(await expiries(id)).toBe(1);
    expect(await runtime.reconcile()).toEqual({ fired: 0, enqueued: 0 });
    // The third one's wake-up was never run: the sweep fired its timer and removed it.
    await expect.poll(() => runtime.timers!.state(transfers[2]!.timerId)).toBe('unknown');
  });
});

describe("the due-timer sweep's pace", () => {
  /** Sweeps for `ms` with a due timer that is always there; counts the batches delivered. */
  async function batchesIn(ms: number, outcome: BatchOutcome) {
    let n = 0;
    let batches = 0;
    const batcher = new DeliveryBatcher(
      async (ids) => {
        batches += 1;
        return new Map(ids.map((id) => [id, outcome]));
      },
      // A fresh timer each time when they fire; the same stuck one when it fails.
      {
        maxBatch: 8,
        parallel: 1,
        dueTimers: async () => [`timer-${outcome.status === 'fired' ? (n += 1) : 0}`],
      },
    );
    const stuckSince = Date.now() - 100;
    const sweep = new DueSweep(batcher, {
      ...defaultDueSweepSettings,
      // Due 100 ms ago: recent enough to set the pace.
      nextDue: async () => (outcome.status === 'fired' ? Date.now() - 100 : stuckSince),
      now: () => Date.now(),
    });
    sweep.start();
    await new Promise((resolve) => setTimeout(resolve, ms));
    await sweep.stop();
    return batches;
  }

  it('backs off to one try a second from a timer that keeps failing, and keeps its 20 ms pace while timers fire', async () => {
    const [failing, firing] = await Promise.all([
      batchesIn(2_000, { status: 'failed', error: new Error('its instance is broken') }),
      batchesIn(2_000, { status: 'fired' }),
    ]);
    // 20, 40, 80 … 1,000 ms apart: about 8 in 2 s (100 without the back-off).
    expect(failing).toBeLessThanOrEqual(10);
    // Timers fire: every 20 ms at most, so no fewer than a few dozen in 2 s.
    expect(firing).toBeGreaterThan(40);
  });

  it('is on time for a timer that falls due after passes that found nothing (the wake-ups had fired them)', async () => {
    // A timer due every 100 ms. For 1.5 s the wake-ups fire each at its due time, before the sweep's
    // batch; then they fall behind (stop) and only the sweep fires.
    const started = Date.now();
    const dues = Array.from({ length: 40 }, (_, k) => started + 100 * (k + 1));
    const fired = new Map<number, number>();
    const wakeupsUntil = started + 1_500;
    const pending = () => dues.filter((due) => !fired.has(due) && !(due < wakeupsUntil && Date.now() >= due));
    const batcher = new DeliveryBatcher(
      async (ids) => {
        for (const id of ids) {
          const due = Number(id);
          if (fired.has(due)) continue;
          fired.set(due, Date.now());
        }
        return new Map(ids.map((id) => [id, { status: 'fired' } as const]));
      },
      {
        maxBatch: 8,
        parallel: 1,
        dueTimers: async () =>
          pending()
            .filter((due) => due <= Date.now())
            .map(String),
      },
    );
    const sweep = new DueSweep(batcher, {
      ...defaultDueSweepSettings,
      nextDue: async () => pending()[0] ?? null,
      now: () => Date.now(),
    });
    sweep.start();
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    await sweep.stop();
    // The timers only the sweep could fire (due from 1.5 s on), each within a pass or two of its due
    // time; with the back-off those empty passes had grown to a second, the first was ~900 ms late.
    // The bound leaves room for this worker losing its core while CI runs two test files on two
    // cores (one timer came 296 ms late there; 1 ms when the file runs alone).
    const sweepOnly = [...fired.entries()].filter(([due]) => due >= wakeupsUntil);
    expect(sweepOnly.length).toBeGreaterThan(15);
    expect(Math.max(...sweepOnly.map(([due, at]) => at - due))).toBeLessThan(500);
  });
});

import { person } from '@doanflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import {
  dropSchema,
  nextChange,
  openRuntime,
  REDIS_URL,
  TestClock,
  uniqueName,
  transferInTransit,
} from './support.ts';

const schema = uniqueName('rt_timers');
const prefix = uniqueName('dftest');
const clock = new TestClock('2026-03-02T02:00:00Z');
let runtime: HostedRuntime;

beforeAll(async () => {
  runtime = await openRuntime({ schema, clock, redisUrl: REDIS_URL, queuePrefix: prefix });
});
afterAll(async () => {
  await runtime?.timers?.queue.obliterate({ force: true });
  await runtime?.close();
  await dropSchema(schema);
});

const inTransit = () => transferInTransit(runtime);

const expiries = async (id: string) =>
  (
    await runtime.db.query('select seq from history where instance_id = $1 and type = $2', [
      id,
      'REFERRAL_EXPIRED',
    ])
  ).length;

const pendingTimers = async () =>
  Number(
    (await runtime.db.query<{ n: string }>(`select count(*) as n from timers where status = 'pending'`))[0]!
      .n,
  );

describe('durable timers', () => {
  it('schedules a BullMQ wake-up and fires exactly once through the worker when the clock has passed', async () => {
    const { id, timerId, due } = await inTransit();
    expect(await runtime.timers!.state(timerId)).toBe('delayed');
    clock.set(due);
    const fired = nextChange(
      runtime,
      (change) => change.instanceId === id && change.state === 'referralExpired',
    );
    expect(await runtime.timers!.promote(timerId)).toBe(true);
    await fired;
    expect(await expiries(id)).toBe(1);
    // The job is gone; a late duplicate (reconciler, a second promote) changes nothing.
    expect(await runtime.reconcile()).toEqual({ fired: 0, enqueued: 0 });
    expect(await runtime.fireTimer(timerId)).toEqual({ status: 'skipped' });
    expect(await expiries(id)).toBe(1);
    const [row] = await runtime.db.query<{ status: string }>('select status from timers where id = $1', [
      timerId,
    ]);
    expect(row?.status).toBe('fired');
  });

  it('removes the wake-up of a cancelled timer', async () => {
    const { id, timerId } = await inTransit();
    await runtime.send(id, { type: 'PRESENT_REFERRAL' }, person('p-an'));
    expect(await runtime.timers!.state(timerId)).toBe('unknown');
    const [row] = await runtime.db.query<{ status: string }>('select status from timers where id = $1', [
      timerId,
    ]);
    expect(row?.status).toBe('cancelled');
  });

  it('loses no deadline when Redis loses every job: reconcile re-enqueues, then each fires once', async () => {
    clock.set('2026-04-01T02:00:00Z');
    const transfers = [await inTransit(), await inTransit(), await inTransit()];
    await runtime.timers!.queue.obliterate({ force: true });
    for (const { timerId } of transfers) expect(await runtime.timers!.state(timerId)).toBe('unknown');

    const pending = await pendingTimers();
    expect(pending).toBeGreaterThanOrEqual(3);
    expect(await runtime.reconcile()).toEqual({ fired: 0, enqueued: pending });
    for (const { timerId } of transfers) expect(await runtime.timers!.state(timerId)).toBe('delayed');
    expect((await runtime.reconcile()).enqueued).toBe(0);

    // Redis is lost again and the deadlines pass meanwhile: the reconciler fires them itself.
    await runtime.timers!.queue.obliterate({ force: true });
    clock.set(transfers[2]!.due);
    expect(await runtime.reconcile()).toEqual({ fired: pending, enqueued: 0 });
    expect(await pendingTimers()).toBe(0);
    expect(await runtime.reconcile()).toEqual({ fired: 0, enqueued: 0 });
    for (const { id } of transfers) expect(await expiries(id)).toBe(1);
  });
});

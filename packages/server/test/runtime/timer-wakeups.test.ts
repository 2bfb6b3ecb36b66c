import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { dropSchema, openRuntime, REDIS_URL, TestClock, uniqueName } from './support.ts';

const schema = uniqueName('rt_wakeups');
const prefix = uniqueName('dftest');
const clock = new TestClock('2026-03-02T02:00:00Z');
const ROWS = 250;
let runtime: HostedRuntime;

beforeAll(async () => {
  // Pages of 100 rows: the rows below take three; a check every 100 ms; no overdue sweep.
  runtime = await openRuntime({
    schema,
    clock,
    redisUrl: REDIS_URL,
    queuePrefix: prefix,
    worker: false,
    rebuildPageSize: 100,
    wakeupCheckIntervalMs: 100,
  });
  // Pending timer rows as a bulk import would leave them (no wake-ups); several share a due time.
  await runtime.db.query(
    `insert into timers (id, instance_id, name, kind, due, event, status, created_at)
     select 't__wk-' || i || '__1', 'wk-' || i, 'acknowledgement', 'deadline',
       timestamptz '2026-04-01T00:00:00Z' + make_interval(mins => i / 3), '{"type":"ACKNOWLEDGEMENT_DUE","payload":{}}',
       'pending', now()
     from generate_series(1, ${ROWS}) i`,
  );
});
afterAll(async () => {
  await runtime?.timers?.queue.obliterate({ force: true });
  await runtime?.timers?.connection.del(
    runtime.timers.key('wakeups:complete'),
    runtime.timers.key('wakeups:rebuilding'),
  );
  await runtime?.close();
  await dropSchema(schema);
});

const delayed = () => runtime.timers!.queue.getDelayedCount();
const complete = async () =>
  (await runtime.timers!.connection.exists(runtime.timers!.key('wakeups:complete'))) === 1;
const until = async (condition: () => Promise<boolean>, timeoutMs = 5_000) => {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return Date.now() - started;
};

describe('timer wake-ups rebuilt from the rows', () => {
  it('pages through more rows than one page and re-adds exactly the missing wake-ups', async () => {
    // Every wake-up gone while Redis still says "complete" (the check stays quiet): an explicit
    // pass adds all of them over three pages, a second one nothing.
    await until(complete);
    await runtime.timers!.queue.obliterate({ force: true });
    await runtime.timers!.connection.set(runtime.timers!.key('wakeups:complete'), 'test');
    expect(await runtime.reconcile()).toEqual({ fired: 0, enqueued: ROWS });
    expect(await runtime.reconcile()).toEqual({ fired: 0, enqueued: 0 });
    expect(await delayed()).toBe(ROWS);

    const lost = ['t__wk-1__1', 't__wk-99__1', 't__wk-100__1', 't__wk-101__1', 't__wk-250__1'];
    for (const id of lost) await runtime.timers!.queue.remove(id);
    expect(await delayed()).toBe(ROWS - lost.length);
    expect(await runtime.reconcile()).toEqual({ fired: 0, enqueued: lost.length });
    for (const id of lost) expect(await runtime.timers!.state(id)).toBe('delayed');
    expect(await delayed()).toBe(ROWS);
    // The delay runs to the row's due time on the runtime's clock.
    const job = await runtime.timers!.queue.getJob('t__wk-250__1');
    expect(job!.delay).toBe(Date.parse('2026-04-01T01:23:00Z') - clock.now().getTime());
  });

  it('notices within a check interval that Redis lost everything, and rebuilds', async () => {
    await runtime.timers!.queue.obliterate({ force: true });
    await runtime.timers!.connection.del(runtime.timers!.key('wakeups:complete'));
    expect(await delayed()).toBe(0);
    const ms = await until(async () => (await delayed()) === ROWS && (await complete()));
    expect(ms).toBeLessThan(3_000);
  });

  it('a failed wake-up (onLost) makes the next check rebuild, and no rebuild ends complete after it', async () => {
    await until(complete);
    await runtime.timers!.queue.remove('t__wk-7__1');
    runtime.timers!.onLost();
    await until(async () => (await runtime.timers!.state('t__wk-7__1')) === 'delayed');
    await until(complete);

    // A rebuild that was running when the loss was noticed does not mark the side complete.
    const { WakeupMarker } = await import('../../src/timers/wakeup-marker.ts');
    const marker = new WakeupMarker(runtime.timers!.connection, (name) => runtime.timers!.key(name));
    await runtime.timers!.connection.del(runtime.timers!.key('wakeups:complete'));
    // (the runtime's own check may hold the lease right now: take it, as a second server would)
    expect(await marker.claim('other-server', 60_000, true)).toBe(true);
    await marker.markLost();
    expect(await marker.complete('other-server')).toBe(false);
    await until(complete);
  });
});

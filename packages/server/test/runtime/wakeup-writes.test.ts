import { person } from '@doanflow/engine';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { TimerQueue } from '../../src/timers/queue.ts';
import { dropSchema, openRuntime, REDIS_URL, TestClock, transferInTransit, uniqueName } from './support.ts';

// A step that moves a timer used to wait for Redis twice (the cancel, then the schedule), each its
// own write and read on a busy event loop; steps answered together each paid their own.

const schema = uniqueName('rt_wakeup_writes');
const prefix = uniqueName('dftest');
const clock = new TestClock('2026-03-02T02:00:00Z');
let runtime: HostedRuntime;
let queue: TimerQueue;

beforeAll(async () => {
  runtime = await openRuntime({ schema, clock, redisUrl: REDIS_URL, queuePrefix: prefix, worker: false });
  queue = await TimerQueue.open({ redisUrl: REDIS_URL, prefix: uniqueName('dftest') });
});
afterAll(async () => {
  await runtime?.timers?.queue.obliterate({ force: true });
  await runtime?.close();
  await queue?.queue.obliterate({ force: true });
  await queue?.close();
  await dropSchema(schema);
});

/** Counts the writes to a connection's socket while `work` runs (the real socket, the real Redis). */
async function writesDuring(timers: TimerQueue, work: () => Promise<unknown>): Promise<number> {
  const stream = (timers.connection as unknown as { stream: Socket }).stream;
  const write = stream.write;
  let writes = 0;
  stream.write = function (this: Socket, ...args: unknown[]) {
    writes += 1;
    return (write as (...args: unknown[]) => boolean).apply(this, args);
  } as typeof stream.write;
  try {
    await work();
  } finally {
    stream.write = write;
  }
  return writes;
}

const due = (minutes: number) => new Date(clock.now().getTime() + minutes * 60_000).toISOString();

describe('wake-ups reach Redis together', () => {
  it('the cancels and schedules of steps answered in one turn go out in one write, and each takes effect', async () => {
    await queue.schedule(
      ['t__a__1', 't__b__1', 't__c__1'].map((id) => ({ id, due: due(60) })),
      clock.now(),
    );
    // Three steps' after-commit work, as a group commit's answers run it: each cancels and schedules.
    const writes = await writesDuring(queue, () =>
      Promise.all(
        ['a', 'b', 'c'].flatMap((name) => [
          queue.cancel([`t__${name}__1`]),
          queue.schedule([{ id: `t__${name}__2`, due: due(120) }], clock.now()),
        ]),
      ),
    );
    expect(writes).toBe(1);
    for (const name of ['a', 'b', 'c']) {
      expect(await queue.state(`t__${name}__1`)).toBe('unknown');
      expect(await queue.state(`t__${name}__2`)).toBe('delayed');
    }
    // A big set (a rebuild's page) still goes by addBulk, in slices.
    const many = Array.from({ length: 40 }, (_, index) => ({ id: `t__bulk${index}__1`, due: due(30) }));
    await queue.schedule(many, clock.now());
    expect(await queue.queue.getDelayedCount()).toBe(43);
  });

  it('a decision that cancels one timer and schedules another waits for one trip to Redis', async () => {
    const { id, timerId } = await inTransitWithWakeup();
    let view: Awaited<ReturnType<HostedRuntime['send']>> | undefined;
    const writes = await writesDuring(runtime.timers!, async () => {
      view = await runtime.send(id, { type: 'PRESENT_REFERRAL' }, person('p-an'));
    });
    const scheduled = view!.timers.filter((timer) => timer.id !== timerId);
    expect(scheduled.length).toBeGreaterThan(0);
    expect(writes).toBe(1);
    expect(await runtime.timers!.state(timerId)).toBe('unknown');
    for (const timer of scheduled) expect(await runtime.timers!.state(timer.id)).toBe('delayed');
  });
});

async function inTransitWithWakeup() {
  const transfer = await transferInTransit(runtime);
  expect(await runtime.timers!.state(transfer.timerId)).toBe('delayed');
  return transfer;
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { readWakeup } from '../../src/timers/wakeup-job.ts';
import { dropSchema, openRuntime, REDIS_URL, TestClock, transferInTransit, uniqueName } from './support.ts';

/**
 * The wake-up job's format across releases (src/timers/wakeup-job.ts): what this release writes is
 * what release 0.1.0's worker reads (the job id is the timer id, nothing else), the format before
 * 0.1.0 is still read, and a job of a newer format is left for a newer release instead of being
 * completed unread. The upgrade test of the durability suite runs the real 0.1.0 beside this one.
 */
const schema = uniqueName('rt_wakeup_format');
const prefix = uniqueName('dftest');
const clock = new TestClock('2026-03-02T02:00:00Z');
let runtime: HostedRuntime;
const timers: string[] = [];

beforeAll(async () => {
  // A worker and no overdue sweep: only the jobs fire timers here.
  runtime = await openRuntime({ schema, clock, redisUrl: REDIS_URL, queuePrefix: prefix });
  for (let i = 0; i < 3; i += 1) timers.push((await transferInTransit(runtime)).timerId);
});
afterAll(async () => {
  await runtime?.timers?.queue.obliterate({ force: true });
  await runtime?.close();
  await dropSchema(schema);
});

const statusOf = async (timerId: string) =>
  (await runtime.db.query<{ status: string }>('select status from timers where id = $1', [timerId]))[0]
    ?.status;
/**
 * One timer due now (its row; the job still waits for the original due time), the others not: a
 * batch would otherwise take every due timer along (the top-up of timer-batch.ts).
 */
const makeDue = (timerId: string) =>
  runtime.db.query(`update timers set due = $2 where id = $1`, [
    timerId,
    new Date(clock.now().getTime() - 60_000).toISOString(),
  ]);
const until = async (condition: () => Promise<boolean>, timeoutMs = 10_000) => {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

describe('wake-up job format', () => {
  it('writes what release 0.1.0 reads: name "timer", the timer id as job id, no data', async () => {
    const job = await runtime.timers!.queue.getJob(timers[0]!);
    expect({ name: job!.name, id: job!.id, data: job!.data }).toEqual({
      name: 'timer',
      id: timers[0],
      data: {},
    });
    expect(await runtime.timers!.state(timers[0]!)).toBe('delayed');
  });

  it('leaves a job of a newer format for a newer release, its timer pending', async () => {
    const id = timers[2]!;
    await makeDue(id);
    await runtime.timers!.queue.remove(id);
    await runtime.timers!.queue.add('timer@9', {}, { jobId: id });
    // The worker takes it, puts it back to sleep, and takes it again: it never completes it.
    await until(async () => ((await runtime.timers!.queue.getJob(id))?.attemptsStarted ?? 0) >= 2, 8_000);
    expect(await runtime.timers!.state(id)).toMatch(/^(delayed|active|wait)$/);
    expect(await statusOf(id)).toBe('pending');
    expect(readWakeup({ name: 'timer@9', id, data: {} })).toEqual({ unknownFormat: 'timer@9' });
    expect(readWakeup({ name: 'timer@1', id, data: {} })).toEqual({ timerId: id });
  });

  it('fires the timer a format-1 job names by its id', async () => {
    await makeDue(timers[0]!);
    await runtime.timers!.promote(timers[0]!);
    // Done with: the job completed and went (the worker keeps no finished jobs).
    await until(async () => !(await runtime.timers!.queue.getJob(timers[0]!)));
    expect(await statusOf(timers[0]!)).toBe('fired');
  });

  it('fires the timer a format-0 job names in its data, under a job id of its own', async () => {
    await makeDue(timers[1]!);
    await runtime.timers!.queue.add('timer', { timerId: timers[1] }, { jobId: `again__${timers[1]}` });
    await until(async () => !(await runtime.timers!.queue.getJob(`again__${timers[1]}`)));
    expect(await statusOf(timers[1]!)).toBe('fired');
  });
});

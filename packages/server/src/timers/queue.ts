import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { TimerWakeups } from '../runner/timer-delivery.ts';

export const TIMER_QUEUE = 'doanflow-timers';

export interface TimerJobData {
  timerId: string;
}

export interface QueueConnection {
  redisUrl: string;
  /** BullMQ key prefix: one per deployment (or per test file). */
  prefix: string;
}

/**
 * BullMQ delayed jobs as wake-ups for timer rows. The job id is the timer id, so adding a wake-up
 * twice is harmless and a cancelled timer's job can be removed by id.
 */
export class TimerQueue implements TimerWakeups {
  readonly queue: Queue<TimerJobData>;
  private readonly connection: Redis;

  private constructor(connection: Redis, prefix: string) {
    this.connection = connection;
    this.queue = new Queue<TimerJobData>(TIMER_QUEUE, {
      connection,
      prefix,
      defaultJobOptions: {
        removeOnComplete: true,
        removeOnFail: true,
        attempts: 8,
        backoff: { type: 'exponential', delay: 100 },
      },
    });
  }

  static async open(options: QueueConnection): Promise<TimerQueue> {
    // Commands fail fast while Redis is away: committed work never waits on a wake-up.
    const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    connection.on('error', () => {});
    const queue = new TimerQueue(connection, options.prefix);
    await queue.queue.waitUntilReady();
    return queue;
  }

  async schedule(timers: readonly { id: string; due: string }[], now: Date): Promise<void> {
    if (timers.length === 0) return;
    await this.queue.addBulk(
      timers.map((timer) => ({
        name: 'timer',
        data: { timerId: timer.id },
        opts: { jobId: timer.id, delay: Math.max(0, Date.parse(timer.due) - now.getTime()) },
      })),
    );
  }

  async cancel(timerIds: readonly string[]): Promise<void> {
    // A job being processed right now cannot be removed; its delivery is then refused as not pending.
    await Promise.all(timerIds.map((id) => this.queue.remove(id).catch(() => 0)));
  }

  /** Makes a delayed wake-up run now (tests, and operators nudging a timer). */
  async promote(timerId: string): Promise<boolean> {
    const job = await this.queue.getJob(timerId);
    if (!job) return false;
    await job.promote();
    return true;
  }

  async state(timerId: string): Promise<string> {
    return this.queue.getJobState(timerId);
  }

  /** The timer ids that have no job in Redis. */
  async missing(timerIds: readonly string[]): Promise<string[]> {
    const missing: string[] = [];
    for (let i = 0; i < timerIds.length; i += 200) {
      const chunk = timerIds.slice(i, i + 200);
      const states = await Promise.all(chunk.map((id) => this.queue.getJobState(id)));
      chunk.forEach((id, index) => {
        if (states[index] === 'unknown') missing.push(id);
      });
    }
    return missing;
  }

  async close(): Promise<void> {
    await this.queue.close();
    this.connection.disconnect();
  }
}

import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { TimerWakeups } from '../runner/timer-delivery.ts';

export const TIMER_QUEUE = 'doanflow-timers';

/** Wake-ups carry nothing: the job id is the timer id (older jobs carry `timerId` too). */
export interface TimerJobData {
  timerId?: string;
}

export interface QueueConnection {
  redisUrl: string;
  /** BullMQ key prefix: one per deployment (or per test file). */
  prefix: string;
}

/**
 * BullMQ delayed jobs as wake-ups for timer rows. The job id is the timer id, so adding a wake-up
 * twice is harmless (BullMQ ignores an id it holds) and a cancelled timer's job can be removed by id.
 * Jobs carry no options beyond id and delay: every byte is paid a million times over in Redis, so
 * retries and removal are the worker's settings (worker.ts).
 */
export class TimerQueue implements TimerWakeups {
  readonly queue: Queue<TimerJobData>;
  readonly connection: Redis;
  /** Called when wake-ups may have been lost: a failed schedule, or a reconnect (Redis may have restarted). */
  onLost: () => void = () => {};

  private constructor(connection: Redis, prefix: string) {
    this.connection = connection;
    this.queue = new Queue<TimerJobData>(TIMER_QUEUE, { connection, prefix });
  }

  static async open(options: QueueConnection): Promise<TimerQueue> {
    // Commands fail fast while Redis is away: committed work never waits on a wake-up.
    const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    connection.on('error', () => {});
    const queue = new TimerQueue(connection, options.prefix);
    await queue.queue.waitUntilReady();
    // Every later "ready" is a reconnect: the Redis behind it may be a restarted, older one.
    connection.on('ready', () => queue.onLost());
    return queue;
  }

  /** The key of a Redis-side record of this queue (never a job's: job ids contain no ':'). */
  key(name: string): string {
    return this.queue.toKey(name);
  }

  async schedule(timers: readonly { id: string; due: string }[], now: Date): Promise<void> {
    if (timers.length === 0) return;
    try {
      await this.queue.addBulk(
        timers.map((timer) => ({
          name: 'timer',
          data: {},
          opts: { jobId: timer.id, delay: Math.max(0, Date.parse(timer.due) - now.getTime()) },
        })),
      );
    } catch (error) {
      this.onLost();
      throw error;
    }
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

  /** The timers that have no job in Redis: one pipelined EXISTS per timer, one round trip. */
  async missing<T extends { id: string }>(timers: readonly T[]): Promise<T[]> {
    if (timers.length === 0) return [];
    const pipeline = this.connection.pipeline();
    for (const timer of timers) pipeline.exists(this.queue.toKey(timer.id));
    const answers = (await pipeline.exec()) ?? [];
    return timers.filter((_, index) => {
      const [error, exists] = answers[index] ?? [new Error('no answer'), 0];
      if (error) throw error;
      return exists === 0;
    });
  }

  async close(): Promise<void> {
    await this.queue.close();
    this.connection.disconnect();
  }
}

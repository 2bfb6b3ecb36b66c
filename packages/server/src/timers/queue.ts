import { Queue, type IQueueBackend } from 'bullmq';
import { Redis } from 'ioredis';
import type { TimerWakeups } from '../runner/timer-delivery.ts';
import { LocalWakeupMarker, type CompletenessMarker } from './local-wakeup-marker.ts';
import { jobIdsPresent, onPostgres, type PostgresJobStore } from './postgres-backend.ts';
import { WakeupMarker } from './wakeup-marker.ts';
import { wakeupJob, type TimerJobData } from './wakeup-job.ts';

/** Wake-ups per addBulk call. */
const ADD_SLICE = 500;
/** Up to this many wake-ups (a step's, a few steps') are added one command each, not by addBulk. */
const SINGLE_ADDS = 8;
/** A Redis command of the queue unanswered this long fails (the worker's blocking connection waits). */
const COMMAND_TIMEOUT_MS = 2_000;

export const TIMER_QUEUE = 'doanflow-timers';

export type QueueConnection =
  | {
      redisUrl: string;
      /** BullMQ key prefix: one per deployment (or per test file). */
      prefix: string;
    }
  /** BullMQ's PostgreSQL backend (postgres-backend.ts): its schema is the namespace, a prefix means nothing. */
  | { postgres: PostgresJobStore; prefix?: string };

/** A BullMQ queue on either backend: the same calls, a different store. */
export type TimerJobQueue = Queue<TimerJobData, any, string, TimerJobData, any, string, IQueueBackend, any>;

/**
 * BullMQ delayed jobs as wake-ups for timer rows (their format: wakeup-job.ts). The job id is the timer id, so adding a wake-up
 * twice is harmless (BullMQ ignores an id it holds) and a cancelled timer's job can be removed by id.
 * Jobs carry no options beyond id and delay: every byte is paid a million times over in Redis, so
 * retries and removal are the worker's settings (worker.ts).
 */
export class TimerQueue implements TimerWakeups {
  readonly queue: TimerJobQueue;
  private readonly redis: Redis | null;
  private readonly postgres: PostgresJobStore | null;
  /** Called when wake-ups may have been lost: a failed schedule, or a reconnect (Redis may have restarted). */
  onLost: () => void = () => {};

  private constructor(queue: TimerJobQueue, redis: Redis | null, postgres: PostgresJobStore | null) {
    this.queue = queue;
    this.redis = redis;
    this.postgres = postgres;
  }

  static async open(options: QueueConnection): Promise<TimerQueue> {
    if ('postgres' in options) {
      const { connection } = options.postgres;
      const queue = new TimerQueue(
        new onPostgres.Queue<TimerJobData>(TIMER_QUEUE, { connection }),
        null,
        options.postgres,
      );
      await queue.queue.waitUntilReady();
      return queue;
    }
    // Commands fail fast while Redis is away or stalled: committed work never waits on a wake-up
    // longer than this (a lost one is re-added by the reconciler). Auto-pipelining: the wake-ups of
    // the steps one group commit answers, and of steps committed while they are on their way, go
    // out in one write and come back in one read (this connection only; the worker has its own).
    const connection = new Redis(options.redisUrl, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      commandTimeout: COMMAND_TIMEOUT_MS,
      enableAutoPipelining: true,
    });
    connection.on('error', () => {});
    const queue = new TimerQueue(
      new Queue<TimerJobData>(TIMER_QUEUE, { connection, prefix: options.prefix }),
      connection,
      null,
    );
    await queue.queue.waitUntilReady();
    // Every later "ready" is a reconnect: the Redis behind it may be a restarted, older one.
    connection.on('ready', () => queue.onLost());
    return queue;
  }

  /** The Redis connection (the queue on Redis only). */
  get connection(): Redis {
    if (!this.redis) throw new Error('the timer queue is on PostgreSQL, not Redis');
    return this.redis;
  }

  /** The key of a Redis-side record of this queue (never a job's: job ids contain no ':'). */
  key(name: string): string {
    return this.queue.toKey(name);
  }

  /** Says whether every pending timer has its wake-up: beside the jobs in Redis, in this process on PostgreSQL. */
  completenessMarker(): CompletenessMarker {
    return this.redis ? new WakeupMarker(this.redis, (name) => this.key(name)) : new LocalWakeupMarker();
  }

  async schedule(timers: readonly { id: string; due: string }[], now: Date): Promise<void> {
    if (timers.length === 0) return;
    const jobOf = (timer: { id: string; due: string }) =>
      wakeupJob(timer.id, Date.parse(timer.due) - now.getTime());
    try {
      if (this.redis && timers.length <= SINGLE_ADDS) {
        // One command each: auto-pipelining sends them with the removes and the other steps' adds
        // of the same turn (an addBulk is a pipeline of its own, one more write and read).
        await Promise.all(timers.map(jobOf).map((job) => this.queue.add(job.name, job.data, job.opts)));
        return;
      }
      // In slices: one addBulk of thousands of jobs builds buffers of tens of MB at once, and the
      // process keeps that memory long after (a rebuild would leave the server at twice its size).
      for (let start = 0; start < timers.length; start += ADD_SLICE) {
        await this.queue.addBulk(timers.slice(start, start + ADD_SLICE).map(jobOf));
      }
    } catch (error) {
      this.onLost();
      throw error;
    }
  }

  async cancel(timerIds: readonly string[]): Promise<void> {
    // A job being processed right now cannot be removed; its delivery is then refused as not pending.
    // Without children (wake-ups have none): the script then skips looking for them.
    await Promise.all(timerIds.map((id) => this.queue.remove(id, { removeChildren: false }).catch(() => 0)));
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
    if (this.postgres) {
      const present = await jobIdsPresent(
        this.queue,
        this.postgres,
        timers.map((timer) => timer.id),
      );
      return timers.filter((timer) => !present.has(timer.id));
    }
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
    this.redis?.disconnect();
  }
}

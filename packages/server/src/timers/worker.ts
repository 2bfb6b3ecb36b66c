import { DelayedError, Worker, type IQueueBackend, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { DurableRuntime } from '../runner/durable-runtime.ts';
import { deliverTimerBatch, dueTimerIds, nextDueAfter } from '../runner/timer-batch.ts';
import { DeliveryBatcher } from './delivery-batcher.ts';
import { defaultDueSweepSettings, DueSweep } from './due-sweep.ts';
import { onPostgres } from './postgres-backend.ts';
import { TIMER_QUEUE, type QueueConnection } from './queue.ts';
import { readWakeup, WAKEUP_FORMAT, type TimerJobData } from './wakeup-job.ts';

/** A BullMQ worker on either backend (Redis or PostgreSQL). */
export type TimerWorker = Worker<TimerJobData, any, string, IQueueBackend, any, any>;

export interface WorkerSettings {
  /**
   * Wake-ups handled at once; they are delivered in shared transactions (default 256). Each holds
   * its slot until its batch commits (~100-250 ms under a burst): 64 slots took at most ~250-600
   * wake-ups a second, and at 1,000 due a second the wake-ups fell seconds behind (issue 15).
   */
  concurrency?: number;
  /**
   * Timers per transaction at most (default 50): a backlog is carried by parallel batches, and a
   * batch of 100 held its timers ~120 ms at p99 where one of 50 held them about half as long.
   */
  maxBatch?: number;
  /** Delivery transactions at once (default 2). */
  parallelBatches?: number;
  /** Fire timers when PostgreSQL says they are due, not only when their wake-ups come (default true). */
  dueSweep?: boolean;
}

export interface StartedWorker {
  worker: TimerWorker;
  /** Null when turned off (tests whose clock jumps decide when timers fire). */
  sweep: DueSweep | null;
}

/** Tries of a failing delivery (database away, lock trouble) before the overdue sweep takes over. */
const MAX_TRIES = 8;
const retryDelayMs = (tries: number) => Math.min(100 * 2 ** (tries - 1), 30_000);
/**
 * A job of a newer format is put back this often, this many times, for a newer release's worker on
 * the same queue to take; after that (no newer release came) the overdue sweep fires its timer.
 */
const UNKNOWN_FORMAT_DEFER_MS = 2_000;
const UNKNOWN_FORMAT_TRIES = 150;

/**
 * Applies woken timers through the runtime, several per transaction. The timer row decides: a
 * timer already fired or cancelled is a no-op, one not yet due (the clock disagrees) goes back to
 * sleep, and a failure is retried with backoff. Retries and removal are set here, not stored in
 * each of a million jobs.
 */
export async function startTimerWorker(
  runtime: DurableRuntime,
  options: QueueConnection & WorkerSettings,
): Promise<StartedWorker> {
  const batcher = new DeliveryBatcher((ids) => deliverTimerBatch(runtime, ids, runtime.clock.now()), {
    maxBatch: options.maxBatch ?? 50,
    parallel: options.parallelBatches ?? 2,
    dueTimers: (limit, except) => dueTimerIds(runtime, runtime.clock.now(), limit, except),
    forget: async (ids) => runtime.wakeups?.cancel(ids),
  });
  const sleepUntil = async (job: Job<TimerJobData>, token: string | undefined, at: number) => {
    await job.moveToDelayed(at, token);
    throw new DelayedError();
  };
  let warnedFormat = false;
  const wake = async (job: Job<TimerJobData>, token?: string) => {
    const reading = readWakeup(job);
    if ('unknownFormat' in reading) {
      if (!warnedFormat) {
        warnedFormat = true;
        console.warn(
          `[doanflow] a wake-up job "${reading.unknownFormat}" is of a format newer than this release's ` +
            `(${WAKEUP_FORMAT}): left for a newer release's worker`,
        );
      }
      if (job.attemptsStarted >= UNKNOWN_FORMAT_TRIES) throw new Error(`unknown wake-up format ${job.name}`);
      return sleepUntil(job, token, Date.now() + UNKNOWN_FORMAT_DEFER_MS);
    }
    let outcome;
    try {
      outcome = await batcher.fire(reading.timerId);
    } catch (error) {
      if (job.attemptsStarted >= MAX_TRIES) throw error;
      return sleepUntil(job, token, Date.now() + retryDelayMs(job.attemptsStarted));
    }
    if (outcome.status === 'not-due') {
      const waitMs = Date.parse(outcome.due) - runtime.clock.now().getTime();
      return sleepUntil(job, token, Date.now() + Math.max(waitMs, 1_000));
    }
    return outcome.status;
  };
  const settings = {
    concurrency: options.concurrency ?? 256,
    removeOnComplete: { count: 0 },
    removeOnFail: { count: 0 },
  };
  let worker: TimerWorker;
  if ('postgres' in options) {
    const { connection } = options.postgres;
    worker = new onPostgres.Worker<TimerJobData>(TIMER_QUEUE, wake, { ...settings, connection });
  } else {
    const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
    connection.on('error', () => {});
    worker = new Worker<TimerJobData>(TIMER_QUEUE, wake, { ...settings, connection, prefix: options.prefix });
    worker.on('closed', () => connection.disconnect());
  }
  worker.on('error', () => {});
  await worker.waitUntilReady();
  const sweep =
    options.dueSweep === false
      ? null
      : new DueSweep(batcher, {
          ...defaultDueSweepSettings,
          now: () => runtime.clock.now().getTime(),
          nextDue: (recentMs) => nextDueAfter(runtime, new Date(runtime.clock.now().getTime() - recentMs)),
        });
  sweep?.start();
  worker.on('closing', () => void sweep?.stop());
  return { worker, sweep };
}

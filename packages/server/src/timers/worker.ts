import { DelayedError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { DurableRuntime } from '../runner/durable-runtime.ts';
import { TIMER_QUEUE, type QueueConnection, type TimerJobData } from './queue.ts';

/**
 * Applies a woken timer through the runtime. The timer row decides: a timer already fired or
 * cancelled is a no-op, one not yet due (the clock disagrees) goes back to sleep, and a failure
 * (lock contention, database away) is retried by BullMQ with backoff.
 */
export async function startTimerWorker(
  runtime: DurableRuntime,
  options: QueueConnection & { concurrency?: number },
): Promise<Worker<TimerJobData>> {
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  connection.on('error', () => {});
  const worker = new Worker<TimerJobData>(
    TIMER_QUEUE,
    async (job: Job<TimerJobData>, token?: string) => {
      const outcome = await runtime.fireTimer(job.data.timerId);
      if (outcome.status === 'not-due') {
        const waitMs = Date.parse(outcome.due) - runtime.clock.now().getTime();
        await job.moveToDelayed(Date.now() + Math.max(waitMs, 1_000), token);
        throw new DelayedError();
      }
      return outcome.status;
    },
    { connection, prefix: options.prefix, concurrency: options.concurrency ?? 4 },
  );
  worker.on('error', () => {});
  worker.on('closed', () => connection.disconnect());
  await worker.waitUntilReady();
  return worker;
}

import type { BatchOutcome, TimerOutcome } from '../runner/timer-batch.ts';

type Deliver = (timerIds: string[]) => Promise<Map<string, BatchOutcome>>;

interface Waiting {
  timerId: string;
  resolve: (outcome: TimerOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for woken timers: while `parallel` batches are in their transactions, the timers the
 * worker hands over wait and go together in the next one. One timer alone starts at once; under a
 * burst the batches grow, so one commit (one disk flush) carries many transitions.
 */
export class DeliveryBatcher {
  private readonly waiting: Waiting[] = [];
  private inFlight = 0;
  private readonly deliver: Deliver;
  private readonly maxBatch: number;
  private readonly parallel: number;

  constructor(deliver: Deliver, options: { maxBatch: number; parallel: number }) {
    this.deliver = deliver;
    this.maxBatch = options.maxBatch;
    this.parallel = options.parallel;
  }

  fire(timerId: string): Promise<TimerOutcome> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ timerId, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.parallel && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatch);
      this.inFlight += 1;
      this.run(batch).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  private async run(batch: Waiting[]): Promise<void> {
    try {
      const outcomes = await this.deliver(batch.map((item) => item.timerId));
      for (const item of batch) {
        const outcome = outcomes.get(item.timerId) ?? { status: 'skipped' };
        if (outcome.status === 'failed') item.reject(outcome.error);
        else item.resolve(outcome);
      }
    } catch (error) {
      for (const item of batch) item.reject(error);
    }
  }
}

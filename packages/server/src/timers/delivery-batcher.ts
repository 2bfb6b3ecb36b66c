import type { BatchOutcome, TimerOutcome } from '../runner/timer-batch.ts';

/** How many top-up timers settled here are remembered for their late wake-ups. */
const SETTLED_KEPT = 20_000;

type Deliver = (timerIds: string[]) => Promise<Map<string, BatchOutcome>>;
/** Other due, pending timers (not among `except`), soonest first, at most `limit`. */
type DueTimers = (limit: number, except: readonly string[]) => Promise<string[]>;

/** What a sweep's batch found: `more` when its top-up was full (more may be due), and how many fired. */
export interface SweepResult {
  more: boolean;
  fired: number;
}

interface Waiting {
  timerId: string;
  resolve: (outcome: TimerOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for woken timers: while `parallel` batches are in their transactions, the timers the
 * worker hands over wait and go together in the next one. One timer alone starts at once; under a
 * burst the batches grow, so one commit (one disk flush) carries many transitions.
 *
 * A batch with room is topped up with other timers already due in PostgreSQL: under a burst,
 * delivery then runs at the database's pace instead of the rate at which BullMQ wakes jobs one by
 * one (their own jobs find them fired and finish at once).
 */
export class DeliveryBatcher {
  private readonly waiting: Waiting[] = [];
  /** Sweeps (due-sweep.ts) asking for a batch even without woken timers: it tops up from PostgreSQL. */
  private readonly sweeps: ((result: SweepResult) => void)[] = [];
  private inFlight = 0;
  private readonly deliver: Deliver;
  private readonly maxBatch: number;
  private readonly parallel: number;
  private readonly dueTimers: DueTimers | null;
  private readonly forget: (timerIds: string[]) => Promise<void>;
  /** The top-up read in progress (they take turns). */
  private toppingUp: Promise<void> = Promise.resolve();
  /** Timers in a batch right now: a parallel batch does not take them as top-up. */
  private readonly inBatches = new Set<string>();
  /**
   * Top-up timers settled here whose own wake-up may still come (it was on its way before it could
   * be removed): answered at once, without a transaction. Settled is final, so this cannot be wrong.
   */
  private readonly settledHere = new Set<string>();

  constructor(
    deliver: Deliver,
    options: {
      maxBatch: number;
      parallel: number;
      dueTimers?: DueTimers;
      /** Removes the wake-ups of top-up timers settled here (they would wake for nothing). */
      forget?: (timerIds: string[]) => Promise<void>;
    },
  ) {
    this.deliver = deliver;
    this.maxBatch = options.maxBatch;
    this.parallel = options.parallel;
    this.dueTimers = options.dueTimers ?? null;
    this.forget = options.forget ?? (async () => {});
  }

  fire(timerId: string): Promise<TimerOutcome> {
    if (this.settledHere.delete(timerId)) return Promise.resolve({ status: 'skipped' });
    return new Promise((resolve, reject) => {
      this.waiting.push({ timerId, resolve, reject });
      this.pump();
    });
  }

  /** Batches at once at most (a sweep in a backlog asks for this many). */
  get slots(): number {
    return this.parallel;
  }

  /** One batch of due timers read from PostgreSQL (with any woken ones waiting), once a slot is free. */
  sweep(): Promise<SweepResult> {
    return new Promise((resolve) => {
      this.sweeps.push(resolve);
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.parallel && (this.waiting.length > 0 || this.sweeps.length > 0)) {
      const batch = this.takeBatch();
      if (batch.length === 0 && this.sweeps.length === 0) break;
      // One sweep per batch: parallel sweeps (a backlog) make parallel batches.
      const sweeps = this.sweeps.splice(0, 1);
      this.inFlight += 1;
      this.run(batch)
        .then((result) => {
          for (const resolve of sweeps) resolve(result);
        })
        .finally(() => {
          this.inFlight -= 1;
          this.pump();
        });
    }
  }

  /**
   * The next batch's woken timers. One settled here meanwhile is answered at once, and one that a
   * batch in flight holds waits for that batch's end (it is then most likely settled): under a
   * burst, late wake-ups of timers the sweep or a top-up already took would otherwise fill the
   * batches with timers that are no longer pending and crowd out the due ones.
   */
  private takeBatch(): Waiting[] {
    const batch: Waiting[] = [];
    const held: Waiting[] = [];
    for (const item of this.waiting) {
      if (batch.length >= this.maxBatch || this.inBatches.has(item.timerId)) held.push(item);
      else if (this.settledHere.delete(item.timerId)) item.resolve({ status: 'skipped' });
      else batch.push(item);
    }
    this.waiting.splice(0, this.waiting.length, ...held);
    return batch;
  }

  private async run(batch: Waiting[]): Promise<SweepResult> {
    const ids = batch.map((item) => item.timerId);
    for (const id of ids) this.inBatches.add(id);
    try {
      const room = this.maxBatch - ids.length;
      if (this.dueTimers && room > 0) {
        // Best effort: without the top-up the batch still carries its own timers.
        // One top-up read at a time: two parallel batches reading at once would take the same
        // timers, and the second would wait on the first's locks only to find them fired.
        const read = this.toppingUp.then(async () => {
          const extra = await this.dueTimers!(room, [...this.inBatches]).catch(() => []);
          for (const id of extra) {
            if (this.inBatches.has(id)) continue;
            this.inBatches.add(id);
            ids.push(id);
          }
        });
        this.toppingUp = read;
        await read;
      }
      if (ids.length === 0) return { more: false, fired: 0 };
      const outcomes = await this.deliver(ids);
      const settled = ids
        .slice(batch.length)
        .filter((id) => outcomes.get(id)?.status === 'fired' || outcomes.get(id)?.status === 'skipped');
      if (settled.length) {
        for (const id of settled) this.settledHere.add(id);
        // Oldest first out: a wake-up that never comes (it was removed) must not be remembered forever.
        for (const id of this.settledHere) {
          if (this.settledHere.size <= SETTLED_KEPT) break;
          this.settledHere.delete(id);
        }
        this.forget(settled).catch(() => {});
      }
      for (const item of batch) {
        const outcome = outcomes.get(item.timerId) ?? { status: 'skipped' };
        if (outcome.status === 'failed') item.reject(outcome.error);
        else item.resolve(outcome);
      }
      const fired = ids.filter((id) => outcomes.get(id)?.status === 'fired').length;
      // A full top-up that fired: more may be due. One that fired nothing (failing timers) is no reason to hurry.
      const toppedUp = ids.length - batch.length;
      return { more: room === 0 || (toppedUp >= room && fired > 0), fired };
    } catch (error) {
      for (const item of batch) item.reject(error);
      return { more: false, fired: 0 };
    } finally {
      for (const id of ids) this.inBatches.delete(id);
    }
  }
}

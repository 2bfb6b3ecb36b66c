import type { Database } from '../db/database.ts';
import { ServerError } from '../errors.ts';
import { writeEachStep, writeStep, type StepWrite } from './step-writer.ts';

export interface GroupCommitOptions {
  /** The longest a step waits for others to share its statement, ms (0: every step alone). */
  maxWaitMs: number;
  /** Steps per statement at most; a full batch leaves at once. */
  maxBatch: number;
}

interface Waiting {
  write: StepWrite;
  settle: (outcome: { written: boolean } | { error: unknown }) => void;
}

/**
 * Group commit: concurrent commands' steps on different instances written by one statement in one
 * commit (step-writer.ts's writeEachStep), so the round trip and the commit's disk flush are paid
 * once per batch. Each step is still checked against its own revision, and each caller gets its own
 * answer: written, or stale (nothing of it written; the caller computes it again).
 *
 * A step is sent at once when no batch is being written, else it waits for the one in flight (at
 * most `maxWaitMs`) and leaves with the others that arrived meanwhile: no added latency when idle.
 *
 * A batch whose statement the database refused (an Idempotency-Key stored meanwhile, any constraint)
 * rolled back whole; its steps are then written one by one, so a faulty step fails alone. A batch
 * whose outcome is unknown (connection lost, statement timed out: it may have committed) is never
 * written again: every caller gets the error (503), as a lone command would, and retries with its key.
 */
export class GroupCommit {
  private readonly queues = { insert: [] as Waiting[], update: [] as Waiting[] };
  private readonly timers: { insert: NodeJS.Timeout | null; update: NodeJS.Timeout | null } = {
    insert: null,
    update: null,
  };
  private inFlight = { insert: 0, update: 0 };
  /** Statements sent and steps they carried (metrics, tests). */
  readonly stats = { batches: 0, steps: 0, largest: 0, retriedAlone: 0 };

  private readonly db: Database;
  private readonly options: GroupCommitOptions;

  constructor(db: Database, options: GroupCommitOptions) {
    this.db = db;
    this.options = options;
  }

  get enabled(): boolean {
    return this.options.maxWaitMs > 0 && this.options.maxBatch > 1;
  }

  /** True when the step was written; false when its instance had moved on (nothing written). */
  write(write: StepWrite): Promise<boolean> {
    if (!this.enabled) return writeStep(this.db.query, write);
    return new Promise((resolve, reject) => {
      const mode = write.mode;
      const queue = this.queues[mode];
      queue.push({
        write,
        settle: (outcome) => ('error' in outcome ? reject(outcome.error) : resolve(outcome.written)),
      });
      if (queue.length >= this.options.maxBatch || this.inFlight[mode] === 0) {
        // Alone or full: leave now (after this tick, so the steps computed in it leave together).
        if (queue.length === 1 || queue.length >= this.options.maxBatch) setImmediate(() => this.flush(mode));
      } else if (!this.timers[mode]) {
        this.timers[mode] = setTimeout(() => this.flush(mode), this.options.maxWaitMs);
      }
    });
  }

  private flush(mode: StepWrite['mode']): void {
    const timer = this.timers[mode];
    if (timer) clearTimeout(timer);
    this.timers[mode] = null;
    const queue = this.queues[mode];
    if (queue.length === 0) return;
    // Two steps of one instance never share a statement: the second waits for the next batch (where
    // it is found stale, as it would have been after the first's commit).
    const batch: Waiting[] = [];
    const later: Waiting[] = [];
    const ids = new Set<string>();
    for (const waiting of queue) {
      const id = waiting.write.instance.id;
      if (batch.length < this.options.maxBatch && !ids.has(id)) {
        ids.add(id);
        batch.push(waiting);
      } else later.push(waiting);
    }
    this.queues[mode] = later;
    this.inFlight[mode] += 1;
    void this.send(mode, batch).finally(() => {
      this.inFlight[mode] -= 1;
      if (this.queues[mode].length > 0) this.flush(mode);
    });
  }

  private async send(mode: StepWrite['mode'], batch: Waiting[]): Promise<void> {
    this.stats.batches += 1;
    this.stats.steps += batch.length;
    this.stats.largest = Math.max(this.stats.largest, batch.length);
    if (batch.length === 1) {
      const [only] = batch;
      await writeStep(this.db.query, only!.write).then(
        (written) => only!.settle({ written }),
        (error: unknown) => only!.settle({ error }),
      );
      return;
    }
    let written: Set<string>;
    try {
      written = await writeEachStep(
        this.db.query,
        mode,
        batch.map((waiting) => waiting.write),
      );
    } catch (error) {
      if (!rolledBack(error)) {
        for (const waiting of batch) waiting.settle({ error });
        return;
      }
      // One step's rows were refused and the statement rolled back: each alone, its own answer.
      this.stats.retriedAlone += batch.length;
      await Promise.all(
        batch.map((waiting) =>
          writeStep(this.db.query, waiting.write).then(
            (ok) => waiting.settle({ written: ok }),
            (soloError: unknown) => waiting.settle({ error: soloError }),
          ),
        ),
      );
      return;
    }
    for (const waiting of batch) waiting.settle({ written: written.has(waiting.write.instance.id) });
  }
}

/**
 * The database answered the statement with an error: it rolled back, nothing of it was written.
 * Not so for a lost connection or a timeout (db/database.ts makes those UNAVAILABLE): the commit
 * may have happened, and writing the steps again could apply them twice.
 */
function rolledBack(error: unknown): boolean {
  if (error instanceof ServerError) return false;
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !/^(08|57|53|58|XX)/.test(code);
}

import { bearer } from '../e2e/support.ts';
import { ChaosClient, eachLimited } from './client.ts';
import { sleep } from './processes.ts';
import { Ledger, sendDecision, startInstance, transferInput, transferSteps } from './workload.ts';

/** One read as a portal does it: when, how long, what status (0: no answer in time). */
export interface ReadProbe {
  at: number;
  ms: number;
  status: number;
}

export interface SteadyLoadOptions {
  /** Concurrent clients sending decisions (member transfers going back and forth). */
  lanes: number;
  /** Readers (inbox and instance views), one request at a time each, every 100 ms. */
  readers?: number;
  /** A request a client gives up on (then retried with the same key). */
  attemptTimeoutMs?: number;
  giveUpMs?: number;
}

/**
 * Steady load during a fault: clients sending decisions with Idempotency-Keys (retried on 5xx or no
 * answer, as a portal does), readers reading, each attempt timed. `stop` waits for the lanes to end.
 */
export class SteadyLoad {
  readonly ledger = new Ledger();
  readonly client: ChaosClient;
  readonly reads: ReadProbe[] = [];
  private readonly targets: () => string;
  private readonly options: SteadyLoadOptions;
  private running = { on: true };
  private work: Promise<unknown> = Promise.resolve();
  private lastInstance: string | null = null;

  constructor(targets: () => string, options: SteadyLoadOptions) {
    this.targets = targets;
    this.options = options;
    this.client = new ChaosClient(targets, {
      giveUpMs: options.giveUpMs ?? 120_000,
      attemptTimeoutMs: options.attemptTimeoutMs,
    });
  }

  start(): void {
    const lanes = eachLimited(Array.from({ length: this.options.lanes }), this.options.lanes, async () => {
      while (this.running.on) {
        const id = await startInstance(this.client, this.ledger, 'p-an', 'member-transfer', transferInput);
        this.lastInstance = id;
        for (const step of transferSteps(2)) await sendDecision(this.client, this.ledger, id, step);
      }
    });
    const readers = Array.from({ length: this.options.readers ?? 1 }, async () => {
      while (this.running.on) {
        const path = this.lastInstance ? `/instances/${this.lastInstance}` : '/inbox';
        for (const [personId, url] of [
          ['p-binh', '/inbox'],
          ['p-an', path],
        ] as const) {
          const at = Date.now();
          const status = await fetch(`${this.targets()}${url}`, {
            headers: await bearer(personId),
            signal: AbortSignal.timeout(this.options.attemptTimeoutMs ?? 15_000),
          }).then(
            async (answer) => (await answer.arrayBuffer(), answer.status),
            () => 0,
          );
          this.reads.push({ at, ms: Date.now() - at, status });
        }
        await sleep(100);
      }
    });
    this.work = Promise.all([lanes, ...readers]);
  }

  async stop(): Promise<void> {
    this.running.on = false;
    await this.work;
  }

  /** Decisions acknowledged after `at` (ms since the epoch). */
  acknowledgedAfter(at: number): number {
    return this.client.stats.ackTimes.filter((ack) => ack > at).length;
  }
}

/** Attempts and reads that started inside a window (however long they took), summed up for the report. */
export function windowFigures(load: SteadyLoad, from: number, to: number) {
  const inside = (entry: ReadProbe) => entry.at >= from && entry.at < to;
  const attempts = load.client.stats.timeline.filter(inside);
  const reads = load.reads.filter(inside);
  const count = (list: { status: number }[], test: (status: number) => boolean) =>
    list.filter((entry) => test(entry.status)).length;
  return {
    decisionAttempts: attempts.length,
    decision2xx: count(attempts, (status) => status >= 200 && status < 300),
    decision503: count(attempts, (status) => status === 503),
    decisionOther5xx: count(attempts, (status) => status >= 500 && status !== 503),
    decisionNoAnswer: count(attempts, (status) => status === 0),
    slowestDecisionAttemptMs: Math.max(0, ...attempts.map((entry) => entry.ms)),
    reads: reads.length,
    reads200: count(reads, (status) => status === 200),
    slowestReadMs: Math.max(0, ...reads.map((read) => read.ms)),
  };
}

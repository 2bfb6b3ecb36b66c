import { bearer } from '../e2e/support.ts';
import { sleep } from './processes.ts';

/** What one request finally got: a 2xx or a refusal (4xx); 5xx and lost connections are retried. */
export interface Outcome {
  status: number;
  body: Record<string, unknown>;
}

/** One 5xx seen by a client, checked afterwards against the error contract. */
export interface ServerFailure {
  at: number;
  status: number;
  retryAfter: string | null;
  body: unknown;
}

export interface ClientStats {
  /** Distinct requests (one idempotency key each). */
  sent: number;
  /** Requests that finally got a 2xx. */
  acknowledged: number;
  /** When each 2xx arrived (ms since the epoch). */
  ackTimes: number[];
  /** Requests that needed more than one attempt. */
  retried: number;
  /** Requests refused with a 4xx (kept for the assertions). */
  refused: { key: string; status: number; body: unknown }[];
  /** HTTP attempts in all, retries included. */
  attempts: number;
  connectionFailures: number;
  failures: ServerFailure[];
  /** Every HTTP attempt: when it started, how long it took, its status (0: no answer). */
  timeline: { at: number; ms: number; status: number }[];
}

export interface RequestSpec {
  personId: string;
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  /** Sent as Idempotency-Key, the same on every retry. */
  key?: string;
}

/**
 * A portal's client under faults: retries a lost connection or a 5xx with the same Idempotency-Key,
 * a bounded number of times within a bounded time, and keeps figures.
 */
export class ChaosClient {
  readonly stats: ClientStats = {
    sent: 0,
    acknowledged: 0,
    ackTimes: [],
    retried: 0,
    refused: [],
    attempts: 0,
    connectionFailures: 0,
    failures: [],
    timeline: [],
  };
  private readonly target: () => string;
  private readonly giveUpMs: number;
  private readonly attemptTimeoutMs: number;

  /** `target` picks the base URL for each attempt (one server, or any of several). */
  constructor(target: () => string, options: { giveUpMs?: number; attemptTimeoutMs?: number } = {}) {
    this.target = target;
    this.giveUpMs = options.giveUpMs ?? 60_000;
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? 15_000;
  }

  async request(spec: RequestSpec, onAttempt?: (attempt: number) => void): Promise<Outcome> {
    if (spec.key) this.stats.sent += 1;
    const giveUpAt = Date.now() + this.giveUpMs;
    for (let attempt = 0; attempt < 400 && Date.now() < giveUpAt; attempt += 1) {
      onAttempt?.(attempt);
      this.stats.attempts += 1;
      const at = Date.now();
      let response: Response;
      try {
        response = await fetch(`${this.target()}${spec.path}`, {
          method: spec.method,
          headers: {
            ...(await bearer(spec.personId)),
            ...(spec.body === undefined ? {} : { 'content-type': 'application/json' }),
            ...(spec.key ? { 'idempotency-key': spec.key } : {}),
          },
          ...(spec.body === undefined ? {} : { body: JSON.stringify(spec.body) }),
          signal: AbortSignal.timeout(this.attemptTimeoutMs),
        });
      } catch {
        // Refused (no process listening yet) or reset (the process died mid-request).
        this.stats.timeline.push({ at, ms: Date.now() - at, status: 0 });
        this.stats.connectionFailures += 1;
        await sleep(Math.min(50 * 2 ** Math.min(attempt, 4), 500));
        continue;
      }
      const text = await response.text().catch(() => '');
      this.stats.timeline.push({ at, ms: Date.now() - at, status: response.status });
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        body = { unparsed: text };
      }
      if (response.status >= 500) {
        const retryAfter = response.headers.get('retry-after');
        this.stats.failures.push({ at: Date.now(), status: response.status, retryAfter, body });
        // Honour the hint, capped so the run stays short (a portal would wait the full hint).
        const hinted = Number(retryAfter ?? '0') * 1000;
        await sleep(Math.min(Math.max(hinted, 100), 300));
        continue;
      }
      if (response.status >= 400) {
        if (spec.key) this.stats.refused.push({ key: spec.key, status: response.status, body });
      } else if (spec.key) {
        this.stats.acknowledged += 1;
        this.stats.ackTimes.push(Date.now());
      }
      if (attempt > 0) this.stats.retried += 1;
      return { status: response.status, body };
    }
    throw new Error(`gave up on ${spec.method} ${spec.path} (key ${spec.key ?? '-'})`);
  }
}

/** Runs `work` over `items` with at most `concurrency` at a time. */
export async function eachLimited<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      await work(items[index]!, index);
    }
  });
  await Promise.all(lanes);
}

/** A small seeded generator (mulberry32): the same seed gives the same kill moments and choices. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

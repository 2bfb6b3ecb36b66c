import { retryable, type AttemptResult } from './delivery.ts';

/** How a subscription retries a message, and when it is disabled. */
export interface RetryPolicy {
  /** Attempts per message, the first included (default 12: about a day and a half of retries). */
  maxAttempts: number;
  /** Wait after the first failure, multiplied by 4 each time (default 5 s) … */
  baseDelayMs: number;
  /** … up to this (default 6 h). */
  maxDelayMs: number;
  /** A subscription is disabled after at least this many failures in a row (default 20) … */
  disableAfterFailures: number;
  /** … that have lasted at least this long (default 3 days). A success ends the run. */
  disableAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 12,
  baseDelayMs: 5_000,
  maxDelayMs: 6 * 3_600_000,
  disableAfterFailures: 20,
  disableAfterMs: 3 * 86_400_000,
};

/**
 * The wait before attempt `attempts + 1`: exponential (×4), capped, with jitter (between half and
 * all of it) so the retries of many messages, or of many servers, do not arrive together. A
 * receiver's Retry-After is honoured when it asks for longer, within the cap.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  attempts: number,
  retryAfterMs: number | null = null,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(policy.baseDelayMs * 4 ** Math.max(0, attempts - 1), policy.maxDelayMs);
  const jittered = exponential * (0.5 + random() / 2);
  return Math.round(Math.min(Math.max(jittered, retryAfterMs ?? 0), policy.maxDelayMs));
}

/** What becomes of a failed attempt: another try at a time, or given up (refused or out of attempts). */
export function afterFailure(
  policy: RetryPolicy,
  attempts: number,
  result: AttemptResult,
): { giveUp: true } | { giveUp: false; delayMs: number } {
  const refused = result.refused === true || (result.status !== null && !retryable(result.status));
  if (refused || attempts >= policy.maxAttempts) return { giveUp: true };
  return { giveUp: false, delayMs: retryDelayMs(policy, attempts, result.retryAfterMs) };
}

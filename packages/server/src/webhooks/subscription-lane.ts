import { trace } from '@opentelemetry/api';
import type { ClaimedDelivery, DeliveryQueue } from './delivery-queue.ts';
import { deliverOnce, type AttemptResult } from './delivery.ts';
import { afterFailure, type RetryPolicy } from './retry-policy.ts';
import type { WebhookSubscription } from './store.ts';
import type { WebhookTargetGuard } from './target-guard.ts';

/** How an attempt ended, for metrics and logs. */
export type AttemptOutcome = 'delivered' | 'retrying' | 'gave_up';

const tracer = trace.getTracer('doanflow');

export interface LaneSettings {
  queue: DeliveryQueue;
  policy: RetryPolicy;
  /** Attempts in flight at once for this subscription, in this process. */
  concurrency: number;
  timeoutMs: number;
  clock: { now(): Date };
  fetch?: typeof fetch;
  /** Where deliveries may go, checked before each attempt. */
  guard: WebhookTargetGuard;
  onAttempt?: (webhookId: string, outcome: AttemptOutcome, seconds: number, result: AttemptResult) => void;
  onDisabled?: (webhookId: string, reason: string) => void;
  log: (message: string, error?: unknown) => void;
}

/**
 * One subscription's deliveries in this process: up to `concurrency` attempts in flight, each a
 * claimed row; a finished attempt records its outcome and makes room for the next. Nothing here
 * waits on another subscription, so a receiver that hangs only ever holds its own slots.
 */
export class SubscriptionLane {
  subscription: WebhookSubscription;
  private readonly settings: LaneSettings;
  private readonly inFlight = new Map<string, AbortController>();
  private readonly attempts = new Set<Promise<void>>();
  private claiming: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(subscription: WebhookSubscription, settings: LaneSettings) {
    this.subscription = subscription;
    this.settings = settings;
  }

  /** Attempts in flight, and a claim under way (it may start more). */
  get busy(): number {
    return this.inFlight.size + (this.claiming !== null ? 1 : 0);
  }

  /** Claims due messages while slots are free; overlapping wake-ups coalesce. */
  wake(): void {
    if (this.stopped) return;
    if (this.claiming) {
      this.again = true;
      return;
    }
    this.claiming = this.fill()
      .catch((error) => this.settings.log(`webhook ${this.subscription.id}: claiming failed`, error))
      .finally(() => {
        this.claiming = null;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Aborts the attempts in flight at once and hands their messages back, uncounted. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.claiming;
    for (const controller of this.inFlight.values()) controller.abort();
    await Promise.allSettled(this.attempts);
  }

  private async fill(): Promise<void> {
    const free = this.settings.concurrency - this.inFlight.size;
    if (free <= 0) return;
    const now = this.settings.clock.now();
    // The lease outlasts one attempt: a server that dies mid-attempt leaves the row to another.
    const leaseUntil = new Date(now.getTime() + this.settings.timeoutMs + 30_000);
    const claimed = await this.settings.queue.claim(this.subscription.id, now, leaseUntil, free);
    // Stopped while claiming (shutdown, disabled): hand them back untried.
    if (this.stopped) {
      await this.settings.queue.release(
        this.subscription.id,
        claimed.map((delivery) => delivery.outboxId),
      );
      return;
    }
    for (const delivery of claimed) this.attempt(delivery);
  }

  private attempt(delivery: ClaimedDelivery): void {
    const controller = new AbortController();
    this.inFlight.set(delivery.outboxId, controller);
    const running = tracer
      .startActiveSpan('doanflow.webhook', async (span) => {
        span.setAttributes({
          'doanflow.webhook': this.subscription.id,
          'doanflow.message': delivery.outboxId,
          'doanflow.attempt': delivery.attempts,
        });
        try {
          await this.run(delivery, controller.signal);
        } finally {
          span.end();
        }
      })
      .catch((error) => this.settings.log(`webhook ${this.subscription.id}: recording failed`, error))
      .finally(() => {
        this.inFlight.delete(delivery.outboxId);
        this.attempts.delete(running);
        this.wake();
      });
    this.attempts.add(running);
  }

  private async run(delivery: ClaimedDelivery, signal: AbortSignal): Promise<void> {
    const { queue, policy, clock } = this.settings;
    const id = this.subscription.id;
    const started = performance.now();
    const message = { id: delivery.outboxId, topic: delivery.topic, payload: delivery.payload };
    const result = await deliverOnce(this.subscription, message, {
      timeoutMs: this.settings.timeoutMs,
      signal,
      fetch: this.settings.fetch,
      // Signed at the wall clock's time, which the receiver checks against its own.
      guard: this.settings.guard,
    });
    if (signal.aborted) {
      await queue.release(id, [delivery.outboxId]);
      return;
    }
    const seconds = (performance.now() - started) / 1000;
    const now = clock.now();
    if (result.ok) {
      await queue.succeeded(id, delivery.outboxId, now, result.status);
      this.settings.onAttempt?.(id, 'delivered', seconds, result);
      return;
    }
    const next = afterFailure(policy, delivery.attempts, result);
    const retryAt = next.giveUp ? null : new Date(now.getTime() + next.delayMs);
    const { disabled, reason } = await queue.failed(id, delivery.outboxId, now, result, { retryAt }, policy);
    this.settings.onAttempt?.(id, next.giveUp ? 'gave_up' : 'retrying', seconds, result);
    if (disabled) {
      this.stopped = true;
      this.settings.onDisabled?.(id, reason ?? 'too many failures');
    }
  }
}

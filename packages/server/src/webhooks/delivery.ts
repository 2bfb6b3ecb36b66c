import { createHmac } from 'node:crypto';
import type { WebhookStore, WebhookSubscription } from './store.ts';

/** An outbox row as the runtime hands it over after commit. */
export interface OutboxMessage {
  id: string;
  topic: string;
  payload: unknown;
}

export interface DeliveryResult {
  webhookId: string;
  ok: boolean;
  attempts: number;
  /** The last HTTP status, or null when the receiver could not be reached. */
  status: number | null;
  error: string | null;
}

export interface DelivererOptions {
  /** Only read: the registrations to deliver to. */
  store: Pick<WebhookStore, 'list'>;
  /** Attempts per webhook and message, the first included (default 5). */
  maxAttempts?: number;
  /** Delay before the second attempt, doubled each time (default 1 s, capped at 5 min). */
  baseDelayMs?: number;
  /** Per-attempt timeout (default 10 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

const MAX_DELAY_MS = 5 * 60_000;

/** `sha256=<hex>` over the exact bytes sent: receivers recompute it with their copy of the secret. */
export const signature = (secret: string, body: string) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

const subscribed = (webhook: WebhookSubscription, topic: string) =>
  webhook.topics.length === 0 || webhook.topics.includes(topic);

// 408 and 429 are worth another try; any other 4xx means the receiver refuses the message for good.
const retryable = (status: number) => status >= 500 || status === 408 || status === 429;

/** Delivered, or refused for good (a 4xx other than 408/429): either way, not worth another try. */
export const settled = (result: DeliveryResult) =>
  result.ok || (result.status !== null && !retryable(result.status));

/**
 * Posts outbox messages to the registered webhooks, signed, retrying with exponential backoff up to
 * a bounded number of attempts. The result per webhook lets the outbox decide what to keep.
 */
export function createWebhookDeliverer(options: DelivererOptions) {
  const maxAttempts = options.maxAttempts ?? 5;
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const send = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));

  async function deliverTo(webhook: WebhookSubscription, message: OutboxMessage): Promise<DeliveryResult> {
    const body = JSON.stringify({ id: message.id, topic: message.topic, payload: message.payload });
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'doanflow-webhooks',
      'x-doanflow-delivery': message.id,
      'x-doanflow-topic': message.topic,
      'x-doanflow-signature': signature(webhook.secret, body),
    };
    let status: number | null = null;
    let error: string | null = null;
    for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
      if (attempt > 1) await sleep(Math.min(baseDelayMs * 2 ** (attempt - 2), MAX_DELAY_MS));
      try {
        const response = await send(webhook.url, {
          method: 'POST',
          headers,
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
        await response.body?.cancel();
        status = response.status;
        error = null;
        if (status >= 200 && status < 300) {
          return { webhookId: webhook.id, ok: true, attempts: attempt, status, error };
        }
        error = `HTTP ${status}`;
        if (!retryable(status)) return { webhookId: webhook.id, ok: false, attempts: attempt, status, error };
      } catch (failure) {
        status = null;
        error = failure instanceof Error ? failure.message : String(failure);
      }
    }
    return { webhookId: webhook.id, ok: false, attempts: maxAttempts, status, error };
  }

  return {
    /** Delivers one message to every webhook subscribed to its topic, side by side. */
    async deliver(message: OutboxMessage): Promise<DeliveryResult[]> {
      const webhooks = (await options.store.list()).filter((webhook) => subscribed(webhook, message.topic));
      return Promise.all(webhooks.map((webhook) => deliverTo(webhook, message)));
    },
  };
}

export type WebhookDeliverer = ReturnType<typeof createWebhookDeliverer>;

import { signatureHeaders } from './signature.ts';
import type { WebhookSubscription } from './store.ts';
import { WebhookTargetError, type WebhookTargetGuard } from './target-guard.ts';

/** An outbox row as the dispatcher hands it over: `id` is stable across every attempt. */
export interface OutboxMessage {
  id: string;
  topic: string;
  payload: unknown;
}

/** What one attempt came to. */
export interface AttemptResult {
  ok: boolean;
  /** The HTTP status, or null when the receiver could not be reached or did not answer in time. */
  status: number | null;
  error: string | null;
  /** The receiver's Retry-After (429/503), in ms, when it gave one. */
  retryAfterMs: number | null;
  /** Not sent: the URL now resolves to an internal address. Never retried. */
  refused?: boolean;
}

export interface AttemptOptions {
  /** Per-attempt timeout (default 10 s). */
  timeoutMs?: number;
  /** Aborts the attempt at once (shutdown). */
  signal?: AbortSignal;
  fetch?: typeof fetch;
  /** Checks the URL's addresses before sending (internal ones refused); without it, nothing is checked. */
  guard?: WebhookTargetGuard;
  /** When the attempt is signed (default: now). */
  now?: Date;
}

// 408 and 429 are worth another try; any other 4xx means the receiver refuses the message for good.
export const retryable = (status: number) => status >= 500 || status === 408 || status === 429;

/**
 * The POST for one message to one subscription: body, the stable message id and the Standard
 * Webhooks signature of id, timestamp and body (signature.ts).
 */
export function webhookRequest(webhook: WebhookSubscription, message: OutboxMessage, now = new Date()) {
  const body = JSON.stringify({ id: message.id, topic: message.topic, payload: message.payload });
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'doanflow-webhooks',
    'x-doanflow-delivery': message.id,
    'x-doanflow-topic': message.topic,
    ...signatureHeaders(webhook.secret, message.id, body, now),
  };
  return { url: webhook.url, headers, body };
}

const retryAfterMs = (value: string | null): number | null => {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
};

/**
 * One attempt to deliver one message to one subscription: build the request, send it, read the
 * status. Retrying is the caller's business (the delivery rows hold the schedule).
 */
export async function deliverOnce(
  webhook: WebhookSubscription,
  message: OutboxMessage,
  options: AttemptOptions = {},
): Promise<AttemptResult> {
  if (options.guard) {
    try {
      await options.guard.check(webhook.url);
    } catch (error) {
      if (!(error instanceof WebhookTargetError)) throw error;
      return {
        ok: false,
        status: null,
        error: `not sent: ${error.message}`,
        retryAfterMs: null,
        refused: true,
      };
    }
  }
  const request = webhookRequest(webhook, message, options.now);
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 10_000);
  try {
    const response = await (options.fetch ?? fetch)(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
    });
    await response.body?.cancel();
    const ok = response.status >= 200 && response.status < 300;
    return {
      ok,
      status: response.status,
      error: ok ? null : `HTTP ${response.status}`,
      retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
    };
  } catch (failure) {
    const error = timeout.aborted
      ? `no answer within ${options.timeoutMs ?? 10_000} ms`
      : failure instanceof Error
        ? (failure.cause instanceof Error ? failure.cause.message : '') || failure.message
        : String(failure);
    return { ok: false, status: null, error, retryAfterMs: null };
  }
}

import { resolveToken, type TokenSource } from './token.ts';
import type { ChangeEvent } from './types.ts';

export type StreamStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** The part of EventSource the helper uses, so tests can pass a stand-in. */
export interface EventSourceLike {
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
}

export interface ChangeSubscriptionOptions {
  onStatus?: (status: StreamStatus) => void;
  /** Default: the browser's EventSource. */
  createEventSource?: (url: string) => EventSourceLike;
  /** First reconnect delay; doubles up to maxDelayMs (defaults 1 s and 30 s). */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

interface Subscription extends ChangeSubscriptionOptions {
  baseUrl: string;
  token: TokenSource | undefined;
  onChange: (change: ChangeEvent) => void;
}

/**
 * Subscribes to GET /events. EventSource reconnects by itself but always with the URL it started
 * with, so a token that expired would lock it out: we reconnect ourselves, asking the token source
 * for a fresh token each time, with exponential back-off.
 */
export function subscribeToChanges(subscription: Subscription): () => void {
  const { baseUrl, token, onChange, onStatus } = subscription;
  const initialDelay = subscription.initialDelayMs ?? 1000;
  const maxDelay = subscription.maxDelayMs ?? 30_000;
  const create =
    subscription.createEventSource ?? ((url: string) => new EventSource(url) as unknown as EventSourceLike);
  let source: EventSourceLike | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let delay = initialDelay;
  let closed = false;

  const connect = async () => {
    const fresh = await resolveToken(token).catch(() => undefined);
    if (closed) return;
    const url = `${baseUrl}/events${fresh ? `?access_token=${encodeURIComponent(fresh)}` : ''}`;
    const current = create(url);
    source = current;
    current.addEventListener('open', () => {
      delay = initialDelay;
      onStatus?.('open');
    });
    current.addEventListener('error', () => {
      current.close();
      if (closed || source !== current) return;
      onStatus?.('reconnecting');
      retryTimer = setTimeout(() => void connect(), delay);
      delay = Math.min(delay * 2, maxDelay);
    });
    current.addEventListener('change', (message) => {
      try {
        onChange(JSON.parse(String(message.data)) as ChangeEvent);
      } catch {
        // A malformed message is skipped; the next change or a refresh brings the truth.
      }
    });
  };

  onStatus?.('connecting');
  void connect();
  return () => {
    closed = true;
    clearTimeout(retryTimer);
    source?.close();
    onStatus?.('closed');
  };
}

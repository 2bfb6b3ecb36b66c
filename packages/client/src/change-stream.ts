import { readSse } from './sse.ts';
import type { ChangeEvent } from './types.ts';

/** `unauthorized`: the server refused the token; nothing is retried until a new token is in place. */
export type StreamStatus = 'connecting' | 'open' | 'reconnecting' | 'unauthorized' | 'closed';

/** What a subscriber of the change stream hears. */
export interface StreamHandlers {
  /** A change, with its event id (the position a reconnecting stream resumes from). */
  onChange(change: ChangeEvent, id: string): void;
  /** Changes were missed and cannot be replayed: reload what is on screen. */
  onResync?(): void;
  onStatus?(status: StreamStatus): void;
  /** The position (last event id) the stream reached: another tab taking over resumes from it. */
  onPosition?(id: string): void;
}

export interface ChangeSubscriptionOptions {
  /** First reconnect delay; doubles up to maxDelayMs (defaults 1 s and 30 s). */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

/** How the stream gets and renews its token (the client's token keeper). */
export interface StreamAuth {
  token(): Promise<string | undefined>;
  /** After a 401: another token if one is at hand at once (a getToken callback gave one). */
  renew(rejected: string | undefined): Promise<string | undefined>;
  /** Resolves true when a new token arrives later, false when nobody will bring one (signed out). */
  renewed(): Promise<boolean>;
}

export interface StreamConnection extends ChangeSubscriptionOptions, StreamHandlers {
  baseUrl: string;
  auth: StreamAuth;
  fetch: typeof globalThis.fetch;
  /** Resume after this event id: the server replays what was missed (or says to resync). */
  lastEventId?: string;
}

/**
 * GET /events read with fetch (not EventSource): the token goes in the Authorization header (never
 * in a URL), a 401 is told from a dropped connection, and the stream resumes from the last event id.
 * Reconnects with exponential back-off after a failure, at once with a fresh token when the server
 * ends the stream at the token's expiry; after a 401 it waits for a new token instead of retrying.
 */
export function subscribeToChanges(connection: StreamConnection): () => void {
  const { baseUrl, auth, onStatus } = connection;
  const initialDelay = connection.initialDelayMs ?? 1000;
  const maxDelay = connection.maxDelayMs ?? 30_000;
  let position = connection.lastEventId ?? '';
  let delay = initialDelay;
  let stopped = false;
  let controller: AbortController | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const retry = () => {
    if (stopped) return;
    onStatus?.('reconnecting');
    retryTimer = setTimeout(() => void connect(), delay);
    delay = Math.min(delay * 2, maxDelay);
  };

  const unauthorized = async (rejected: string | undefined) => {
    if (stopped) return;
    onStatus?.('unauthorized');
    if ((await auth.renew(rejected)) !== undefined || (await auth.renewed())) {
      if (stopped) return;
      // A new token: what happened meanwhile comes back as a replay or a resync.
      onStatus?.('connecting');
      void connect();
    }
  };

  const connect = async (): Promise<void> => {
    const token = await auth.token().catch(() => undefined);
    if (stopped) return;
    controller = new AbortController();
    const query = position ? `?last_event_id=${encodeURIComponent(position)}` : '';
    let response: Response;
    try {
      response = await connection.fetch(`${baseUrl}/events${query}`, {
        headers: { accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        cache: 'no-store',
        signal: controller.signal,
      });
    } catch {
      return retry();
    }
    if (response.status === 401) {
      await response.body?.cancel().catch(() => {});
      return unauthorized(token);
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel().catch(() => {});
      return retry();
    }
    let expired = false;
    try {
      await readSse(
        response.body,
        (message) => {
          position = message.lastEventId;
          if (message.type === 'ready') {
            delay = initialDelay;
            onStatus?.('open');
            connection.onPosition?.(position);
          } else if (message.type === 'change') {
            let change: ChangeEvent;
            try {
              change = JSON.parse(message.data) as ChangeEvent;
            } catch {
              // A malformed message is skipped; the next change or a reload brings the truth.
              return;
            }
            connection.onChange(change, position);
          } else if (message.type === 'resync') connection.onResync?.();
          else if (message.type === 'expired') expired = true;
        },
        position,
      );
    } catch {
      // Dropped, or aborted by stop().
    }
    if (stopped) return;
    if (!expired) return retry();
    // The server ended the stream at the token's expiry: go on with a fresh one, if there is one.
    const next = await auth.token().catch(() => undefined);
    if (next && next !== token) return connect();
    return unauthorized(token);
  };

  onStatus?.('connecting');
  void connect();
  return () => {
    stopped = true;
    clearTimeout(retryTimer);
    controller?.abort();
    onStatus?.('closed');
  };
}

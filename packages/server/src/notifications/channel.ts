import type { NotificationKind } from './kinds.ts';
import type { Locale, RenderedMessage } from './templates.ts';

/** Who a notification is for, as the directory knows them. */
export interface Recipient {
  personId: string;
  name: string;
  email: string | null;
  locale: Locale;
}

/** One message for one person on one channel, rendered in their language. */
export interface OutgoingNotification extends RenderedMessage {
  /** The notification's key: the same message always has the same key (and Message-ID). */
  key: string;
  /** `<…@domain>`, derived from the key. */
  messageId: string;
  kind: NotificationKind | 'digest';
  recipient: Recipient;
  /** RFC 8058 one-click unsubscribe URL (POST), or null for a digest. */
  unsubscribeUrl: string | null;
}

/**
 * How an attempt ended. `permanent`: trying again will not help (a refused address, an expired
 * push subscription) — the row is marked failed at once; otherwise it is retried with backoff.
 */
export type ChannelResult = { ok: true; detail?: string } | { ok: false; permanent: boolean; error: string };

/**
 * A way to reach people. A deployment adds its own (docs/notifications.md shows a Zalo Official
 * Account adapter) by passing it to the notifier beside the built-in e-mail and Web Push channels.
 */
export interface NotificationChannel {
  /** Stable name, stored with each row ("email", "webpush", "zalo"). */
  readonly name: string;
  /**
   * Loads what `reaches` needs (push subscriptions, a follower list) before each pass: `reaches`
   * runs inside the notifier's transaction, where another query of its own could wait on it.
   */
  prepare?(): Promise<void>;
  /** Whether this person can be reached on this channel at all (an address, a subscription). */
  reaches(recipient: Recipient): boolean;
  /** One attempt; must not throw for an ordinary failure (return `ok: false`). */
  send(message: OutgoingNotification, signal: AbortSignal): Promise<ChannelResult>;
  close?(): Promise<void>;
}

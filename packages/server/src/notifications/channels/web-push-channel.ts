import type { Agent } from 'node:https';
import type { Database } from '../../db/database.ts';
import type { ChannelResult, NotificationChannel, OutgoingNotification, Recipient } from '../channel.ts';

export interface WebPushOptions {
  db: Database;
  /** VAPID keys (`npx web-push generate-vapid-keys`) and a contact (mailto: or https:). */
  vapid: { publicKey: string; privateKey: string; subject: string };
  timeoutMs?: number;
  /** An HTTPS agent for the push services (a private CA; tests trust their loopback receiver). */
  agent?: Agent;
}

// Loaded at the first push (issue 15, memory): a server without VAPID keys never holds web-push.
let webPush: Promise<typeof import('web-push')> | null = null;
const loadWebPush = () => (webPush ??= import('web-push').then((module) => module.default));

export interface PushSubscriptionInput {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/**
 * Web Push with VAPID to every browser a person subscribed (the portal's service worker). A push
 * service answering 404 or 410 has forgotten the subscription: it is removed. The payload is small
 * JSON: title, body, the deep link and the notification's key (a service worker may use it as the
 * notification tag, so a repeat replaces rather than adds).
 */
export class WebPushChannel implements NotificationChannel {
  readonly name = 'webpush';
  private readonly options: WebPushOptions;
  /** People with at least one subscription, as of the last `prepare`. */
  private subscribed = new Set<string>();

  constructor(options: WebPushOptions) {
    this.options = options;
  }

  async prepare(): Promise<void> {
    const rows = await this.options.db.query<{ person_id: string }>(
      'select distinct person_id from push_subscriptions',
    );
    this.subscribed = new Set(rows.map((row) => row.person_id));
  }

  reaches(recipient: Recipient): boolean {
    return this.subscribed.has(recipient.personId);
  }

  async subscribe(personId: string, subscription: PushSubscriptionInput, now: Date): Promise<void> {
    await this.options.db.query(
      `insert into push_subscriptions (endpoint, person_id, p256dh, auth, created_at) values ($1, $2, $3, $4, $5)
       on conflict (endpoint) do update set person_id = excluded.person_id, p256dh = excluded.p256dh,
         auth = excluded.auth`,
      [subscription.endpoint, personId, subscription.keys.p256dh, subscription.keys.auth, now.toISOString()],
    );
  }

  async unsubscribe(personId: string, endpoint: string): Promise<boolean> {
    const rows = await this.options.db.query(
      'delete from push_subscriptions where person_id = $1 and endpoint = $2 returning endpoint',
      [personId, endpoint],
    );
    return rows.length > 0;
  }

  async send(message: OutgoingNotification, signal: AbortSignal): Promise<ChannelResult> {
    const subscriptions = await this.options.db.query<{ endpoint: string; p256dh: string; auth: string }>(
      'select endpoint, p256dh, auth from push_subscriptions where person_id = $1 order by endpoint',
      [message.recipient.personId],
    );
    if (subscriptions.length === 0) return { ok: false, permanent: true, error: 'no push subscription' };
    const payload = JSON.stringify({
      title: message.subject,
      body: message.text.split('\n\n')[0],
      url: message.link,
      tag: message.key,
    });
    const errors: string[] = [];
    let delivered = 0;
    const webpush = await loadWebPush();
    for (const subscription of subscriptions) {
      signal.throwIfAborted();
      try {
        await webpush.sendNotification(
          { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } },
          payload,
          {
            vapidDetails: this.options.vapid,
            TTL: 24 * 3600,
            timeout: this.options.timeoutMs ?? 10_000,
            ...(this.options.agent ? { agent: this.options.agent } : {}),
          },
        );
        delivered += 1;
      } catch (error) {
        const status = (error as { statusCode?: number }).statusCode;
        if (status === 404 || status === 410) {
          await this.unsubscribe(message.recipient.personId, subscription.endpoint);
        }
        errors.push(`${status ?? 'error'}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (delivered > 0) return { ok: true, detail: `${delivered}/${subscriptions.length} subscriptions` };
    const gone = subscriptions.length > 0 && errors.every((e) => /^(404|410):/.test(e));
    return { ok: false, permanent: gone, error: errors.join('; ').slice(0, 1000) };
  }
}

import type { ServerConfig } from '../config.ts';
import type { DurableRuntime } from '../runner/durable-runtime.ts';
import type { NotificationChannel } from './channel.ts';
import { SmtpChannel } from './channels/smtp-channel.ts';
import { WebPushChannel } from './channels/web-push-channel.ts';
import { Notifier, type NotifierOptions } from './notifier.ts';
import { UnsubscribeTokens } from './unsubscribe-token.ts';

/** The domain of "Name <user@domain>" (for Message-IDs). */
const domainOf = (from: string) => /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'doanflow.local';

/**
 * The notifier as configured: e-mail when NOTIFY_SMTP_URL is set, Web Push with VAPID keys, then a
 * deployment's own channels. With no channel it only marks the outbox messages read and scans no deadlines.
 */
export function createNotifier(
  runtime: Pick<DurableRuntime, 'db' | 'registry' | 'cache' | 'calendars' | 'clock' | 'subscribe'>,
  config: ServerConfig['notifications'],
  extra: { channels?: NotificationChannel[] } & Partial<NotifierOptions> = {},
): { notifier: Notifier; tokens: UnsubscribeTokens } {
  const channels: NotificationChannel[] = [];
  if (config.smtp) channels.push(new SmtpChannel({ ...config.smtp, connections: config.concurrency }));
  if (config.vapid) channels.push(new WebPushChannel({ db: runtime.db, vapid: config.vapid }));
  channels.push(...(extra.channels ?? []));
  const tokens = new UnsubscribeTokens(config.secret);
  const notifier = new Notifier({
    db: runtime.db,
    registry: runtime.registry,
    cache: runtime.cache,
    calendars: runtime.calendars,
    tokens,
    portalUrl: config.portalUrl ?? null,
    publicUrl: config.publicUrl,
    messageIdDomain: config.smtp ? domainOf(config.smtp.from) : undefined,
    subscribe: (listener) => runtime.subscribe(listener),
    ...(runtime.clock ? { clock: runtime.clock } : {}),
    concurrency: config.concurrency,
    maxAttempts: config.maxAttempts,
    ...extra,
    channels,
  });
  return { notifier, tokens };
}

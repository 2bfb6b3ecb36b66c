import { Migration } from '@mikro-orm/migrations';

/**
 * Notifications to people (e-mail, Web Push, a deployment's own channels), derived from the outbox.
 * One `notifications` row per message and channel, keyed by what it is about (kind, source,
 * person, channel): the key makes deriving it again a no-op and gives the SMTP Message-ID, so a
 * message sent again after a crash is recognisably the same message. `outbox.notified_at` marks what
 * the notifier has read (the webhook dispatcher's `delivered_at` is its own). Expand-only: an older
 * release beside this one writes outbox rows with `notified_at` null, which this one reads.
 */
export class Migration20261207000300_notifications extends Migration {
  override name = 'Migration20261207000300_notifications';

  override up(): void {
    this.addSql(`alter table outbox add column notified_at timestamptz null`);
    // What happened before notifications existed is not announced now.
    this.addSql(`update outbox set notified_at = now() where notified_at is null`);
    this.addSql(`create index outbox_unnotified_index on outbox (id) where notified_at is null`);
    this.addSql(`create table notifications (
      id bigserial not null,
      key text primary key,
      person_id text not null,
      channel text not null,
      kind text not null,
      instance_id text null,
      locale text not null default 'vi',
      payload jsonb not null,
      state text not null,
      not_before timestamptz not null,
      attempts integer not null default 0,
      locked_until timestamptz null,
      digest_key text null,
      created_at timestamptz not null,
      sent_at timestamptz null,
      failed_at timestamptz null,
      last_error text null)`);
    // What is due to send (or to bundle into a digest), and nothing else.
    this.addSql(`create index notifications_due_index on notifications (not_before)
      where state in ('pending', 'sending', 'digest')`);
    this.addSql(`create index notifications_person_index on notifications (person_id, created_at)`);
    this.addSql(`create index notifications_state_index on notifications (state, created_at)`);
    this.addSql(`create table notification_preferences (
      person_id text primary key,
      mode text not null default 'immediate',
      digest_hour integer not null default 7,
      quiet_start integer null,
      quiet_end integer null,
      opted_out text[] not null default '{}',
      updated_at timestamptz not null)`);
    this.addSql(`create table push_subscriptions (
      endpoint text primary key,
      person_id text not null,
      p256dh text not null,
      auth text not null,
      created_at timestamptz not null)`);
    this.addSql(`create index push_subscriptions_person_index on push_subscriptions (person_id)`);
  }

  override down(): void {
    this.addSql(`drop table push_subscriptions`);
    this.addSql(`drop table notification_preferences`);
    this.addSql(`drop table notifications`);
    this.addSql(`alter table outbox drop column notified_at`);
  }
}

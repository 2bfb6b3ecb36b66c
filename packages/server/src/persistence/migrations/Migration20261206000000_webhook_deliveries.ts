import { Migration } from '@mikro-orm/migrations';

/**
 * A delivery queue per webhook subscription. The outbox stays the record of what happened; a
 * message is handed to every subscribed webhook as one `webhook_deliveries` row (then the outbox
 * row's `delivered_at` is set), and each subscription works through its own rows with its own
 * retries, so a slow or failing receiver never holds up another. A subscription that keeps failing
 * is disabled with the reason. Expand-only: an older release beside this one keeps delivering
 * outbox rows directly and skips disabled (inactive) webhooks.
 */
export class Migration20261206000000_webhook_deliveries extends Migration {
  override name = 'Migration20261206000000_webhook_deliveries';

  override up(): void {
    this.addSql(`alter table webhooks add column disabled_at timestamptz null`);
    this.addSql(`alter table webhooks add column disabled_reason text null`);
    this.addSql(`alter table webhooks add column failing_since timestamptz null`);
    // Nullable (read as 0): an older release beside this one inserts whole rows without it.
    this.addSql(`alter table webhooks add column consecutive_failures integer null default 0`);
    this.addSql(`alter table webhooks add column last_error text null`);
    this.addSql(`create table webhook_deliveries (
      webhook_id text not null references webhooks (id) on delete cascade,
      outbox_id bigint not null references outbox (id) on delete cascade,
      attempts integer not null default 0,
      next_attempt_at timestamptz not null,
      locked_until timestamptz null,
      delivered_at timestamptz null,
      gave_up_at timestamptz null,
      last_status integer null,
      last_error text null,
      primary key (webhook_id, outbox_id))`);
    // A subscription's due rows, and nothing else: delivered and abandoned rows leave the index.
    this.addSql(`create index webhook_deliveries_due_index on webhook_deliveries (webhook_id, next_attempt_at)
      where delivered_at is null and gave_up_at is null`);
    // Pruning the outbox cascades here.
    this.addSql(`create index webhook_deliveries_outbox_index on webhook_deliveries (outbox_id)`);
  }

  override down(): void {
    this.addSql(`drop table webhook_deliveries`);
    for (const column of [
      'last_error',
      'consecutive_failures',
      'failing_since',
      'disabled_reason',
      'disabled_at',
    ]) {
      this.addSql(`alter table webhooks drop column ${column}`);
    }
  }
}

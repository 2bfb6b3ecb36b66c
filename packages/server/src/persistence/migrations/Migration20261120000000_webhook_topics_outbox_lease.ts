import { Migration } from '@mikro-orm/migrations';

/**
 * Webhook topics as text[] (what the HTTP layer's WebhookStore reads and writes), and a lease on
 * outbox rows so several server processes share delivery without holding a transaction open
 * during HTTP calls (PGlite runs one transaction at a time).
 */
export class Migration20261120000000_webhook_topics_outbox_lease extends Migration {
  override name = 'Migration20261120000000_webhook_topics_outbox_lease';

  override up(): void {
    // ALTER … TYPE … USING cannot hold a subquery: copy through a new column instead.
    this.addSql(`alter table webhooks add column topics_list text[] not null default '{}'`);
    this.addSql(`update webhooks set topics_list = array(select jsonb_array_elements_text(topics))`);
    this.addSql(`alter table webhooks drop column topics`);
    this.addSql(`alter table webhooks rename column topics_list to topics`);
    this.addSql(`alter table webhooks add column if not exists description text null`);

    this.addSql(`alter table outbox add column locked_until timestamptz null`);
    this.addSql(`alter table outbox add column last_error text null`);
  }

  override down(): void {
    this.addSql(`alter table outbox drop column last_error`);
    this.addSql(`alter table outbox drop column locked_until`);
    this.addSql(`alter table webhooks add column topics_json jsonb not null default '[]'`);
    this.addSql(`update webhooks set topics_json = to_jsonb(topics)`);
    this.addSql(`alter table webhooks drop column topics`);
    this.addSql(`alter table webhooks rename column topics_json to topics`);
  }
}

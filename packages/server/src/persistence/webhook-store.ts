import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database.ts';
import { isoOf } from '../runner/rows.ts';
import type { NewWebhook, WebhookStore, WebhookSubscription } from '../webhooks/store.ts';

interface WebhookRow {
  id: string;
  url: string;
  secret: string;
  topics: string[];
  description: string | null;
  active: boolean;
  created_at: string | Date;
  disabled_at: string | Date | null;
  disabled_reason: string | null;
  failing_since: string | Date | null;
  consecutive_failures: number | null;
  last_error: string | null;
}

/** Webhook registrations in the `webhooks` table (the HTTP layer's WebhookStore); secrets kept for signing. */
export class PostgresWebhookStore implements WebhookStore {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  async add(webhook: NewWebhook): Promise<WebhookSubscription> {
    const [row] = await this.db.query<WebhookRow>(
      `insert into webhooks (id, url, secret, topics, description, active, created_at)
       values ($1, $2, $3, $4::text[], $5, true, now()) returning *`,
      [randomUUID(), webhook.url, webhook.secret, webhook.topics, webhook.description ?? null],
    );
    return toSubscription(row!);
  }

  async list(): Promise<WebhookSubscription[]> {
    const rows = await this.db.query<WebhookRow>('select * from webhooks order by created_at, id');
    return rows.map(toSubscription);
  }

  async remove(id: string): Promise<boolean> {
    return (await this.db.query('delete from webhooks where id = $1 returning id', [id])).length > 0;
  }

  async enable(id: string): Promise<WebhookSubscription | null> {
    const [row] = await this.db.query<WebhookRow>(
      `with due as (
         update webhook_deliveries set next_attempt_at = now()
         where webhook_id = $1 and delivered_at is null and gave_up_at is null
       )
       update webhooks set active = true, disabled_at = null, disabled_reason = null,
         failing_since = null, consecutive_failures = 0
       where id = $1 returning *`,
      [id],
    );
    return row ? toSubscription(row) : null;
  }

  async backlogs(): Promise<Map<string, number>> {
    const rows = await this.db.query<{ webhook_id: string; n: number }>(
      `select webhook_id, count(*)::int as n from webhook_deliveries
       where delivered_at is null and gave_up_at is null group by webhook_id`,
    );
    return new Map(rows.map((row) => [row.webhook_id, row.n]));
  }
}

const toSubscription = (row: WebhookRow): WebhookSubscription => ({
  id: row.id,
  url: row.url,
  secret: row.secret,
  topics: row.topics,
  description: row.description,
  createdAt: isoOf(row.created_at)!,
  status: row.active ? 'active' : 'disabled',
  disabledAt: isoOf(row.disabled_at),
  disabledReason: row.disabled_reason,
  failingSince: isoOf(row.failing_since),
  consecutiveFailures: row.consecutive_failures ?? 0,
  lastError: row.last_error,
});

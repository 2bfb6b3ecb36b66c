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
  created_at: string | Date;
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
    const rows = await this.db.query<WebhookRow>(
      'select * from webhooks where active order by created_at, id',
    );
    return rows.map(toSubscription);
  }

  async remove(id: string): Promise<boolean> {
    return (await this.db.query('delete from webhooks where id = $1 returning id', [id])).length > 0;
  }
}

const toSubscription = (row: WebhookRow): WebhookSubscription => ({
  id: row.id,
  url: row.url,
  secret: row.secret,
  topics: row.topics,
  description: row.description,
  createdAt: isoOf(row.created_at)!,
});

/**
 * Where webhook registrations live. Storage-agnostic: the runtime backs it with a PostgreSQL table;
 * InMemoryWebhookStore is for tests.
 */
export interface NewWebhook {
  url: string;
  /** Shared secret for the HMAC signature (at least 16 characters); never returned by the API. */
  secret: string;
  /** Outbox topics to deliver ("instance.changed", …); empty means every topic. */
  topics: string[];
  description?: string | null;
}

export interface WebhookSubscription extends NewWebhook {
  id: string;
  createdAt: string;
}

export interface WebhookStore {
  add(webhook: NewWebhook): Promise<WebhookSubscription>;
  /** Every registration, secrets included (the deliverer signs with them; routes strip them). */
  list(): Promise<WebhookSubscription[]>;
  /** False when there was no such registration. */
  remove(id: string): Promise<boolean>;
}

/** For tests only: registrations vanish with the process. */
export class InMemoryWebhookStore implements WebhookStore {
  private readonly byId = new Map<string, WebhookSubscription>();

  async add(webhook: NewWebhook): Promise<WebhookSubscription> {
    const subscription = {
      ...webhook,
      description: webhook.description ?? null,
      id: crypto.randomUUID(),
      createdAt: new Date().toISOString(),
    };
    this.byId.set(subscription.id, subscription);
    return subscription;
  }

  async list(): Promise<WebhookSubscription[]> {
    return [...this.byId.values()];
  }

  async remove(id: string): Promise<boolean> {
    return this.byId.delete(id);
  }
}

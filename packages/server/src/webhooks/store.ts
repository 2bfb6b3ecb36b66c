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

/** How a subscription's deliveries are going: what its owner sees in GET /webhooks. */
export interface WebhookHealth {
  /** "disabled" after a long run of failures: nothing is sent until it is enabled again. */
  status: 'active' | 'disabled';
  disabledAt: string | null;
  disabledReason: string | null;
  /** The first failure of the current run (null once a delivery succeeds). */
  failingSince: string | null;
  consecutiveFailures: number;
  lastError: string | null;
}

export interface WebhookSubscription extends NewWebhook, WebhookHealth {
  id: string;
  createdAt: string;
}

export interface WebhookStore {
  add(webhook: NewWebhook): Promise<WebhookSubscription>;
  /** Every registration, disabled ones too, secrets included (the dispatcher signs with them; routes strip them). */
  list(): Promise<WebhookSubscription[]>;
  /** False when there was no such registration. */
  remove(id: string): Promise<boolean>;
  /** Active again, its failure run forgotten and its waiting messages due now; null when unknown. */
  enable(id: string): Promise<WebhookSubscription | null>;
  /** Messages waiting per subscription (retries included); absent ids wait for nothing. */
  backlogs(): Promise<Map<string, number>>;
}

export const healthyWebhook: WebhookHealth = {
  status: 'active',
  disabledAt: null,
  disabledReason: null,
  failingSince: null,
  consecutiveFailures: 0,
  lastError: null,
};

/** For tests only: registrations vanish with the process. */
export class InMemoryWebhookStore implements WebhookStore {
  private readonly byId = new Map<string, WebhookSubscription>();

  async add(webhook: NewWebhook): Promise<WebhookSubscription> {
    const subscription = {
      ...webhook,
      ...healthyWebhook,
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

  async enable(id: string): Promise<WebhookSubscription | null> {
    const subscription = this.byId.get(id);
    if (!subscription) return null;
    Object.assign(subscription, healthyWebhook);
    return subscription;
  }

  async backlogs(): Promise<Map<string, number>> {
    return new Map();
  }
}

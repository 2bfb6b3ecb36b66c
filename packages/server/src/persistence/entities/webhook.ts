import { defineEntity, p } from '@mikro-orm/core';

/** A portal's endpoint receiving outbox messages, signed with its secret. */
export const WebhookEntity = defineEntity({
  name: 'Webhook',
  tableName: 'webhooks',
  properties: {
    id: p.text().primary(),
    url: p.text(),
    secret: p.text(),
    /** Outbox topics delivered; empty means every topic. */
    topics: p.array<string>(),
    description: p.text().nullable(),
    /** False once disabled (after a long run of failures): nothing is sent until it is enabled again. */
    active: p.boolean(),
    createdAt: p.datetime(),
    disabledAt: p.datetime().nullable(),
    disabledReason: p.text().nullable(),
    /** The first failure of the current run of failures (null after a success). */
    failingSince: p.datetime().nullable(),
    consecutiveFailures: p.integer().nullable().default(0),
    lastError: p.text().nullable(),
  },
});

/** One outbox message for one subscription: its own attempts and retry schedule. */
export const WebhookDeliveryEntity = defineEntity({
  name: 'WebhookDelivery',
  tableName: 'webhook_deliveries',
  properties: {
    webhookId: p.text().primary(),
    outboxId: p.bigint('number').primary(),
    attempts: p.integer().default(0),
    nextAttemptAt: p.datetime(),
    /** Claimed by a dispatcher until then (a lease). */
    lockedUntil: p.datetime().nullable(),
    deliveredAt: p.datetime().nullable(),
    /** Given up after the last attempt, or refused for good by the receiver. */
    gaveUpAt: p.datetime().nullable(),
    lastStatus: p.integer().nullable(),
    lastError: p.text().nullable(),
  },
});

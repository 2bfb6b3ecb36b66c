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
    active: p.boolean(),
    createdAt: p.datetime(),
  },
});

import { defineEntity, p } from '@mikro-orm/core';

/** Messages written in the command's transaction and delivered (webhooks) after commit. */
export const OutboxMessageEntity = defineEntity({
  name: 'OutboxMessage',
  tableName: 'outbox',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    topic: p.text(),
    payload: p.json<Record<string, unknown>>(),
    createdAt: p.datetime(),
    /** Handed to the subscriptions' delivery queues (webhook_deliveries) at this time. */
    deliveredAt: p.datetime().nullable(),
    attempts: p.integer().default(0),
    /** Claimed by a dispatcher until then (a lease), or not to be retried before then. */
    lockedUntil: p.datetime().nullable(),
    lastError: p.text().nullable(),
  },
});

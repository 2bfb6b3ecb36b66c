import { defineEntity, p } from '@mikro-orm/core';

/** The first answer to a request sent with an Idempotency-Key, per principal. */
export const IdempotencyKeyEntity = defineEntity({
  name: 'IdempotencyKey',
  tableName: 'idempotency_keys',
  properties: {
    principal: p.text().primary(),
    key: p.text().primary(),
    requestHash: p.text(),
    response: p.json<unknown>().nullable(),
    createdAt: p.datetime(),
  },
  primaryKeys: ['principal', 'key'],
});

import { defineEntity, p } from '@mikro-orm/core';

/** A durable timer: the source of truth. The BullMQ job with the same id is only its wake-up. */
export const TimerEntity = defineEntity({
  name: 'Timer',
  tableName: 'timers',
  properties: {
    id: p.text().primary(),
    instanceId: p.text(),
    name: p.text(),
    kind: p.text(),
    due: p.datetime(),
    event: p.json<{ type: string; payload: Record<string, unknown> }>(),
    status: p.enum(['pending', 'fired', 'cancelled']),
    /** Working-day counts: the notice version of each year counted through (0: statutory estimate). */
    calendar: p.json<Record<string, number>>().nullable(),
    createdAt: p.datetime(),
    settledAt: p.datetime().nullable(),
  },
  indexes: [{ properties: ['status', 'due'] }, { properties: ['instanceId'] }],
});

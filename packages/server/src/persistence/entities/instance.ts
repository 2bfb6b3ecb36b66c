import { defineEntity, p } from '@mikro-orm/core';

/** One workflow instance: its engine snapshot (jsonb) and the revision callers send back. */
export const InstanceEntity = defineEntity({
  name: 'Instance',
  tableName: 'instances',
  properties: {
    id: p.text().primary(),
    workflowId: p.text(),
    version: p.integer(),
    state: p.text(),
    status: p.text(),
    orgUnitId: p.text().nullable(),
    /** Every unit the instance concerns, for visibility and change fan-out. */
    unitIds: p.json<string[]>(),
    subjectPersonId: p.text().nullable(),
    /** The subject and everyone who acted on it: their live stream follows the instance anywhere. */
    participantIds: p.array<string>().nullable(),
    snapshot: p.json<Record<string, unknown>>(),
    revision: p.integer(),
    /** Hash of the newest history entry: the next entry chains to it without another read. */
    lastHash: p.text(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
  indexes: [{ properties: ['status', 'workflowId'] }],
});

import { defineEntity, p } from '@mikro-orm/core';

/** Append-only history; each row's hash covers the previous row's hash and its own canonical JSON. */
export const HistoryEntity = defineEntity({
  name: 'History',
  tableName: 'history',
  properties: {
    instanceId: p.text().primary(),
    seq: p.integer().primary(),
    type: p.text(),
    payload: p.json<unknown>().nullable(),
    /** The policy in force, on the $start entry only (replay needs it). */
    policy: p.json<Record<string, unknown>>().nullable(),
    actorPersonId: p.text().nullable(),
    actorRole: p.text(),
    actorUnitId: p.text().nullable(),
    acting: p.text(),
    comment: p.text().nullable(),
    fromState: p.text().nullable(),
    toState: p.text(),
    at: p.datetime(),
    timerId: p.text().nullable(),
    /** The files sent with the event (id, kind, name, SHA-256, size, type): the chain covers them. */
    attachments: p.json<unknown[]>().nullable(),
    /** The printed signature of an act that signs a document (heading, title, office, name). */
    signature: p.json<Record<string, unknown>>().nullable(),
    prevHash: p.text().nullable(),
    hash: p.text(),
  },
  primaryKeys: ['instanceId', 'seq'],
});

import { defineEntity, p } from '@mikro-orm/core';

/**
 * The organisation directory as one effective-dated JSON document (one row). It is read whole into
 * an in-memory OrgDirectory; `version` tells other processes to reload.
 */
export const DirectoryDocumentEntity = defineEntity({
  name: 'DirectoryDocument',
  tableName: 'directory',
  properties: {
    id: p.integer().primary(),
    data: p.json<Record<string, unknown>>(),
    version: p.integer(),
    /** "<version>@<day>" of the tree the task rows' unit paths follow. */
    taskPaths: p.text().nullable(),
    updatedAt: p.datetime(),
  },
});

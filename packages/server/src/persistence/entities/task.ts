import { defineEntity, p } from '@mikro-orm/core';

/** One open engine Task, replaced with every command on its instance; the inbox reads only this. */
export const TaskEntity = defineEntity({
  name: 'Task',
  tableName: 'tasks',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    instanceId: p.text(),
    workflowId: p.text(),
    version: p.integer(),
    state: p.text(),
    role: p.text(),
    unitId: p.text().nullable(),
    /** `unitId` and every unit above it, on the day recorded in `directory.task_paths`. */
    unitPath: p.array<string>(),
    orAbove: p.boolean(),
    personId: p.text().nullable(),
    relation: p.text(),
    events: p.json<string[]>(),
    due: p.datetime().nullable(),
    /** The subject's name, shown in the inbox list. */
    subject: p.text(),
    /** Lower-case text without Vietnamese diacritics: title, state label, subject, unit. */
    search: p.text(),
    updatedAt: p.datetime(),
  },
  indexes: [
    { properties: ['role', 'unitId', 'due'] },
    { properties: ['personId'] },
    { properties: ['instanceId'] },
  ],
});

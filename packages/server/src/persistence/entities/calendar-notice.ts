import { defineEntity, p } from '@mikro-orm/core';

/** One version of a year's holiday notice; the highest version of a year is in force. */
export const CalendarNoticeEntity = defineEntity({
  name: 'CalendarNotice',
  tableName: 'calendar_notices',
  properties: {
    year: p.integer().primary(),
    version: p.integer().primary(),
    reference: p.text(),
    issuedOn: p.date().nullable(),
    note: p.text().nullable(),
    holidays: p.json<unknown[]>(),
    effectiveFrom: p.datetime(),
    /** The administrator who loaded it. */
    loadedBy: p.text().nullable(),
    /** Grows with every version of every year: other processes reload when it moved. */
    stamp: p.bigint().autoincrement(),
  },
});

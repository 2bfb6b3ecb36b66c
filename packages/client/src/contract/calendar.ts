import { z } from 'zod';
import { calendarDate, instant, labelSchema } from './common.ts';

/** The Labour Code's public holidays (art. 112), and any other day a notice gives off. */
export const holidayKeySchema = z.enum([
  'newYear',
  'lunarNewYear',
  'hungKings',
  'victoryDay',
  'labourDay',
  'nationalDay',
  'other',
]);

const holidayDays = z.object({
  key: holidayKeySchema,
  name: labelSchema,
  daysOff: z.array(calendarDate),
  workdays: z
    .array(z.object({ date: calendarDate, replaces: calendarDate }))
    .describe('Weekend days worked ("làm bù")'),
});

export const calendarYearSchema = z
  .object({
    year: z.number().int(),
    weekend: z.array(z.number().int()).describe('Days of the week not worked: 0 = Sunday … 6 = Saturday'),
    notice: z
      .object({
        version: z.number().int(),
        reference: z.string(),
        issuedOn: calendarDate.nullable(),
        note: z.string().nullable(),
        effectiveFrom: instant,
      })
      .nullable()
      .describe('The notice in force; null when none was loaded for the year'),
    provisional: z
      .boolean()
      .describe('True while a statutory holiday of the year is estimated from the law, not published'),
    holidays: z.array(
      holidayDays.extend({
        provisional: z.boolean().describe('Estimated from the Labour Code (art. 112), not from the notice'),
      }),
    ),
  })
  .meta({ id: 'CalendarYear', description: 'A year of the working-day calendar' });

export const holidayNoticeSchema = z
  .object({
    year: z.number().int(),
    version: z.number().int(),
    reference: z.string(),
    issuedOn: calendarDate.nullable(),
    note: z.string().nullable(),
    effectiveFrom: instant.describe('When this version took effect (was loaded)'),
    holidays: z.array(holidayDays),
  })
  .meta({ id: 'HolidayNotice', description: "One version of a year's holiday notice" });

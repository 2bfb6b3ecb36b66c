import { statutoryHolidayKeys } from '@doanflow/engine';
import { z } from 'zod';
import { labelSchema } from '../shared/views.ts';

/** Response shapes of the calendar routes (the engine's CalendarYear and HolidayNotice). */
const date = z.string().describe('YYYY-MM-DD, Vietnam');
const instant = z.string().describe('ISO 8601 instant');

const holidayDays = z.object({
  key: z.enum([...statutoryHolidayKeys, 'other']),
  name: labelSchema,
  daysOff: z.array(date),
  workdays: z.array(z.object({ date, replaces: date })).describe('Weekend days worked ("làm bù")'),
});

export const calendarYearSchema = z
  .object({
    year: z.number().int(),
    weekend: z.array(z.number().int()).describe('Days of the week not worked: 0 = Sunday … 6 = Saturday'),
    notice: z
      .object({
        version: z.number().int(),
        reference: z.string(),
        issuedOn: date.nullable(),
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
  .meta({ id: 'CalendarYear' });

export const holidayNoticeSchema = z
  .object({
    year: z.number().int(),
    version: z.number().int(),
    reference: z.string(),
    issuedOn: date.nullable(),
    note: z.string().nullable(),
    effectiveFrom: instant.describe('When this version took effect (was loaded)'),
    holidays: z.array(holidayDays),
  })
  .meta({ id: 'HolidayNotice' });

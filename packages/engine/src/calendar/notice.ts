import { z } from 'zod';
import { WorkflowError } from '../errors.ts';
import {
  holidayNames,
  statutoryDay,
  statutoryHolidayKeys,
  weekdayOf,
  type HolidayDays,
  type StatutoryHolidayKey,
} from './holidays.ts';

/**
 * The government's yearly notice of days off and make-up working days (thông báo lịch nghỉ lễ,
 * Tết), as a directory administrator loads it. A notice need not name every holiday: those it
 * leaves out keep their statutory estimate and stay provisional (a swap approved later comes as
 * the next version of the year's notice).
 */
const date = z.iso.date();
const label = z.object({ vi: z.string().min(1).max(200), en: z.string().min(1).max(200) });

export const noticeHolidaySchema = z
  .object({
    key: z
      .enum([...statutoryHolidayKeys, 'other'])
      .describe(
        'newYear (1/1), lunarNewYear (Tết), hungKings (10/3 lunar), victoryDay (30/4), labourDay (1/5), nationalDay (2/9), or other (then `name` is required)',
      ),
    name: label.optional().describe('Shown to officers; defaults to the statutory name'),
    daysOff: z
      .array(date)
      .min(1)
      .max(31)
      .describe('Every day not worked (YYYY-MM-DD), compensating days ("nghỉ bù") included'),
    workdays: z
      .array(
        z.object({
          date: date.describe('A Saturday or Sunday worked ("làm bù")'),
          replaces: date.describe('The bridge day off it makes up for (one of daysOff)'),
        }),
      )
      .max(10)
      .default([])
      .describe('Weekend days worked in exchange for a bridge day off'),
  })
  .strict();

export const holidayNoticeInputSchema = z
  .object({
    reference: z
      .string()
      .trim()
      .min(1)
      .max(300)
      .describe('The document: number, issuer ("Thông báo số …/TB-BNV của Bộ Nội vụ")'),
    issuedOn: date.optional().describe("The document's date"),
    note: z.string().max(2000).optional(),
    holidays: z.array(noticeHolidaySchema).min(1).max(20),
  })
  .strict();

export type HolidayNoticeInput = z.input<typeof holidayNoticeInputSchema>;

/** A stored notice: one version of one year's days off. */
export interface HolidayNotice {
  year: number;
  /** 1, 2, … within the year; the highest is in force. */
  version: number;
  reference: string;
  issuedOn: string | null;
  note: string | null;
  /** When this version took effect (it was loaded); the previous version was in force until then. */
  effectiveFrom: string;
  holidays: HolidayDays[];
}

interface Issue {
  path: (string | number)[];
  code: string;
  message: string;
}

/**
 * Validates a notice for `year` beyond its shape: every date in the year, a day either off or
 * worked, each statutory holiday once and with its own day listed, a make-up day on a weekend
 * and replacing a listed day off. Returns the holidays with names filled in; throws
 * INVALID_CALENDAR with every issue found.
 */
export function checkHolidayNotice(
  year: number,
  raw: unknown,
  weekend: readonly number[],
): z.output<typeof holidayNoticeInputSchema> & { holidays: HolidayDays[] } {
  const parsed = holidayNoticeInputSchema.safeParse(raw);
  if (!parsed.success) {
    throw new WorkflowError('INVALID_CALENDAR', 'the holiday notice is not valid', {
      issues: parsed.error.issues.map((issue) => ({
        path: issue.path.map(String),
        code: issue.code,
        message: issue.message,
      })),
    });
  }
  const notice = parsed.data;
  const issues: Issue[] = [];
  const offDays = new Map<string, number>();
  const workedDays = new Set<string>();
  const keys = new Set<string>();
  const inYear = (day: string, path: Issue['path']) => {
    if (day.slice(0, 4) !== String(year)) {
      issues.push({ path, code: 'date_outside_year', message: `${day} is not in ${year}` });
    }
  };
  notice.holidays.forEach((holiday, h) => {
    const at = ['holidays', h];
    if (holiday.key !== 'other' && keys.has(holiday.key)) {
      issues.push({
        path: [...at, 'key'],
        code: 'duplicate_holiday',
        message: `${holiday.key} is listed twice`,
      });
    }
    keys.add(holiday.key);
    if (holiday.key === 'other' && !holiday.name) {
      issues.push({
        path: [...at, 'name'],
        code: 'name_required',
        message: 'a non-statutory day off needs a name',
      });
    }
    holiday.daysOff.forEach((day, d) => {
      inYear(day, [...at, 'daysOff', d]);
      if (offDays.has(day)) {
        issues.push({
          path: [...at, 'daysOff', d],
          code: 'duplicate_day',
          message: `${day} is listed twice`,
        });
      }
      offDays.set(day, h);
    });
    if (holiday.key !== 'other') {
      const own = statutoryDay(holiday.key, year);
      if (!holiday.daysOff.includes(own)) {
        issues.push({
          path: [...at, 'daysOff'],
          code: 'holiday_day_missing',
          message: `${holiday.key} of ${year} falls on ${own}, which is not listed`,
        });
      }
    }
  });
  notice.holidays.forEach((holiday, h) => {
    holiday.workdays.forEach((workday, w) => {
      const at = ['holidays', h, 'workdays', w];
      inYear(workday.date, [...at, 'date']);
      if (!weekend.includes(weekdayOf(workday.date))) {
        issues.push({
          path: [...at, 'date'],
          code: 'workday_not_weekend',
          message: `${workday.date} is not a weekend day`,
        });
      }
      if (offDays.has(workday.date) || workedDays.has(workday.date)) {
        issues.push({
          path: [...at, 'date'],
          code: 'duplicate_day',
          message: `${workday.date} is listed twice`,
        });
      }
      workedDays.add(workday.date);
      if (offDays.get(workday.replaces) !== h || weekend.includes(weekdayOf(workday.replaces))) {
        issues.push({
          path: [...at, 'replaces'],
          code: 'replaces_unknown_day',
          message: `${workday.replaces} is not a weekday off of this holiday`,
        });
      }
    });
  });
  if (issues.length > 0) {
    throw new WorkflowError('INVALID_CALENDAR', `the holiday notice for ${year} is not valid`, { issues });
  }
  return {
    ...notice,
    holidays: notice.holidays.map((holiday) => ({
      key: holiday.key,
      name: holiday.name ?? holidayNames[holiday.key as StatutoryHolidayKey],
      daysOff: [...holiday.daysOff].sort(),
      workdays: [...holiday.workdays].sort((a, b) => a.date.localeCompare(b.date)),
    })),
  };
}

import type { CalendarYear, Locale } from '@doanflow/client';

/** Officers read times in Vietnam's time zone wherever the browser happens to be. */
export const VIETNAM_TIME_ZONE = 'Asia/Ho_Chi_Minh';
const intlLocale: Record<Locale, string> = { vi: 'vi-VN', en: 'en-GB' };

export function formatDateTime(instant: string, locale: Locale): string {
  return new Intl.DateTimeFormat(intlLocale[locale], {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: VIETNAM_TIME_ZONE,
  }).format(new Date(instant));
}

export function formatDate(instant: string, locale: Locale): string {
  return new Intl.DateTimeFormat(intlLocale[locale], {
    dateStyle: 'medium',
    timeZone: VIETNAM_TIME_ZONE,
  }).format(new Date(instant));
}

/** A month ("2026-10") in words: "tháng 10 năm 2026", "October 2026". */
export function formatMonth(month: string, locale: Locale): string {
  return new Intl.DateTimeFormat(intlLocale[locale], {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${month}-01T00:00:00Z`));
}

/** A calendar day ("2026-11-25") in words, whatever the browser's time zone. */
export function formatDay(day: string, locale: Locale): string {
  return new Intl.DateTimeFormat(intlLocale[locale], { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

/** The calendar day (YYYY-MM-DD) of an instant in Vietnam. */
export function vietnamDay(instant: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: VIETNAM_TIME_ZONE }).format(instant);
}

const DAY_MS = 86_400_000;

/**
 * Working days (Vietnam dates) from `now` to `due`: positive ahead, negative when past, 0 on the same
 * day. The days off and make-up days are the server's (GET /calendar/{year}, `calendar`); a year
 * not given counts Saturday and Sunday only.
 */
export function workingDaysBetween(now: Date, due: Date, calendar: readonly CalendarYear[] = []): number {
  const from = vietnamDay(now);
  const to = vietnamDay(due);
  if (from === to) return 0;
  const years = new Map(
    calendar.map((year) => [
      String(year.year),
      {
        weekend: year.weekend,
        off: new Set(year.holidays.flatMap((holiday) => holiday.daysOff)),
        worked: new Set(year.holidays.flatMap((holiday) => holiday.workdays.map((workday) => workday.date))),
      },
    ]),
  );
  const isWorkingDay = (day: string) => {
    const year = years.get(day.slice(0, 4));
    if (year?.worked.has(day)) return true;
    if (year?.off.has(day)) return false;
    return !(year?.weekend ?? [0, 6]).includes(new Date(`${day}T00:00:00Z`).getUTCDay());
  };
  const sign = to > from ? 1 : -1;
  let count = 0;
  let cursor = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  while (cursor !== end) {
    cursor += sign * DAY_MS;
    if (isWorkingDay(new Date(cursor).toISOString().slice(0, 10))) count += 1;
  }
  return sign * count;
}

/** The years a count from `now` to each due time goes through: the calendar years to fetch. */
export function yearsBetween(now: Date, dues: readonly string[]): number[] {
  const years = [now, ...dues.map((due) => new Date(due))].map((instant) =>
    Number(vietnamDay(instant).slice(0, 4)),
  );
  const first = Math.min(...years);
  return Array.from({ length: Math.max(...years) - first + 1 }, (_, i) => first + i);
}

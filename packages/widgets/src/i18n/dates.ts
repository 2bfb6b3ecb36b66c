import type { Locale } from '../client/types.ts';

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

/** The calendar day (YYYY-MM-DD) of an instant in Vietnam. */
export function vietnamDay(instant: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: VIETNAM_TIME_ZONE }).format(instant);
}

const DAY_MS = 86_400_000;
const isWeekend = (day: string) => {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
};

/**
 * Working days (Monday–Friday, Vietnam dates) from `now` to `due`: positive ahead, negative when
 * past, 0 on the same day. Public holidays are the server's knowledge; a portal that wants them
 * counted passes them in `holidays` (YYYY-MM-DD).
 */
export function workingDaysBetween(now: Date, due: Date, holidays: ReadonlySet<string> = new Set()): number {
  const from = vietnamDay(now);
  const to = vietnamDay(due);
  if (from === to) return 0;
  const sign = to > from ? 1 : -1;
  let count = 0;
  let cursor = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  while (cursor !== end) {
    cursor += sign * DAY_MS;
    const day = new Date(cursor).toISOString().slice(0, 10);
    if (!isWeekend(day) && !holidays.has(day)) count += 1;
  }
  return sign * count;
}

/**
 * Working-day calendar. Dates are Vietnam local dates ("YYYY-MM-DD"); instants are ISO strings in UTC.
 * Vietnam has one time zone (UTC+7) and no daylight saving, so a fixed offset is exact.
 */
export type LocalDate = string;
export type Instant = string;

export interface WorkingCalendar {
  /** Days of the week that are not worked: 0 = Sunday … 6 = Saturday. */
  readonly weekend: readonly number[];
  /** Public holidays and the days off granted around them. */
  readonly holidays: readonly LocalDate[];
  /** Weekend days worked in exchange for a bridge day off ("làm bù"). */
  readonly workdays?: readonly LocalDate[];
  /** Minutes east of UTC of the calendar's local time. */
  readonly utcOffsetMinutes?: number;
}

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const offsetMs = (calendar: WorkingCalendar) => (calendar.utcOffsetMinutes ?? 420) * 60_000;

/** The local calendar date of an instant. */
export function localDate(instant: Instant | Date, calendar?: WorkingCalendar): LocalDate {
  const ms = new Date(instant).getTime() + (calendar ? offsetMs(calendar) : 420 * 60_000);
  return new Date(ms).toISOString().slice(0, 10);
}

export function isWorkingDay(calendar: WorkingCalendar, date: LocalDate): boolean {
  if (!DATE.test(date)) throw new RangeError(`not a date: ${date}`);
  if (calendar.workdays?.includes(date)) return true;
  if (calendar.holidays.includes(date)) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return !calendar.weekend.includes(weekday);
}

/**
 * Moves an instant by `n` working days, keeping its local time of day. Counting starts from the
 * next (or, for negative n, previous) working day, so a request filed on a holiday gets full days.
 */
export function addWorkingDays(calendar: WorkingCalendar, from: Instant, n: number): Instant {
  if (!Number.isInteger(n)) throw new RangeError(`working days must be a whole number: ${n}`);
  const step = n < 0 ? -1 : 1;
  let ms = new Date(from).getTime();
  let left = Math.abs(n);
  while (left > 0) {
    ms += step * DAY_MS;
    if (isWorkingDay(calendar, localDate(new Date(ms), calendar))) left -= 1;
  }
  return new Date(ms).toISOString();
}

/** Working days strictly after `from`'s date up to and including `to`'s date. */
export function workingDaysBetween(calendar: WorkingCalendar, from: Instant, to: Instant): number {
  let count = 0;
  let date = localDate(from, calendar);
  const end = localDate(to, calendar);
  while (date < end) {
    date = new Date(new Date(`${date}T00:00:00Z`).getTime() + DAY_MS).toISOString().slice(0, 10);
    if (isWorkingDay(calendar, date)) count += 1;
  }
  return count;
}

export function addDays(from: Instant, days: number): Instant {
  return new Date(new Date(from).getTime() + days * DAY_MS).toISOString();
}

export function addHours(from: Instant, hours: number): Instant {
  return new Date(new Date(from).getTime() + hours * 3_600_000).toISOString();
}

/** The instant a local date begins (00:00 local time). */
export function startOfLocalDate(date: LocalDate, calendar?: WorkingCalendar): Instant {
  const offset = calendar ? offsetMs(calendar) : 420 * 60_000;
  return new Date(new Date(`${date}T00:00:00Z`).getTime() - offset).toISOString();
}

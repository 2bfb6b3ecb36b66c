import { statutoryHolidays, statutoryHolidayKeys, type HolidayDays } from './holidays.ts';
import type { HolidayNotice } from './notice.ts';

/**
 * Working-day calendar. Dates are Vietnam local dates ("YYYY-MM-DD"); instants are ISO strings in UTC.
 * Vietnam has one time zone (UTC+7) and no daylight saving, so a fixed offset is exact.
 */
export type LocalDate = string;
export type Instant = string;

/**
 * The calendar is data: the weekend, and the government's notices in force (one per year at
 * most). A year without a notice, or a holiday its notice leaves out, follows the Labour Code's
 * statutory days (holidays.ts) and is provisional.
 */
export interface WorkingCalendar {
  /** Days of the week that are not worked: 0 = Sunday … 6 = Saturday. */
  readonly weekend: readonly number[];
  /** Minutes east of UTC of the calendar's local time. */
  readonly utcOffsetMinutes?: number;
  /** The notice in force for each year that has one. */
  readonly notices?: readonly HolidayNotice[];
}

/** The default: Saturday and Sunday off, UTC+7, no notice loaded (every year provisional). */
export const vietnamCalendar: WorkingCalendar = { weekend: [0, 6], utcOffsetMinutes: 420 };

/** A year's days off as the calendar has them, and where they come from. */
export interface CalendarYear {
  year: number;
  weekend: number[];
  /** The notice in force, or null when none was published for the year. */
  notice: Pick<HolidayNotice, 'version' | 'reference' | 'issuedOn' | 'note' | 'effectiveFrom'> | null;
  /** True while any statutory holiday of the year is an estimate, not published. */
  provisional: boolean;
  holidays: CalendarHoliday[];
}

export interface CalendarHoliday extends HolidayDays {
  /** Estimated from the Labour Code, not taken from the notice. */
  provisional: boolean;
}

/**
 * Which notice versions a working-day count went through: year → version (0: no notice, the
 * statutory estimate). A due time is recounted when a year's version in force changes.
 */
export interface CalendarBasis {
  versions: Record<string, number>;
  /** True when a year it went through was (partly) provisional. */
  provisional: boolean;
}

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const offsetMs = (calendar?: WorkingCalendar) => (calendar?.utcOffsetMinutes ?? 420) * 60_000;

/** A calendar's resolved years: computed once per calendar object (the data never changes). */
interface YearIndex {
  off: Set<LocalDate>;
  worked: Set<LocalDate>;
  version: number;
  provisional: boolean;
  view: CalendarYear;
}
const resolved = new WeakMap<WorkingCalendar, Map<number, YearIndex>>();

function yearIndex(calendar: WorkingCalendar, year: number): YearIndex {
  let years = resolved.get(calendar);
  if (!years) resolved.set(calendar, (years = new Map()));
  let index = years.get(year);
  if (!index) years.set(year, (index = resolveYear(calendar, year)));
  return index;
}

function resolveYear(calendar: WorkingCalendar, year: number): YearIndex {
  const notice = calendar.notices?.find((candidate) => candidate.year === year) ?? null;
  const published = notice?.holidays ?? [];
  const named = new Set(published.map((holiday) => holiday.key));
  const estimated = statutoryHolidays(year, calendar.weekend).filter((holiday) => !named.has(holiday.key));
  const holidays = [
    ...published.map((holiday) => ({ ...holiday, provisional: false })),
    ...estimated.map((holiday) => ({ ...holiday, provisional: true })),
  ].sort((a, b) => (a.daysOff[0] ?? '').localeCompare(b.daysOff[0] ?? ''));
  const provisional = statutoryHolidayKeys.some((key) => !named.has(key));
  const source = notice && {
    version: notice.version,
    reference: notice.reference,
    issuedOn: notice.issuedOn,
    note: notice.note,
    effectiveFrom: notice.effectiveFrom,
  };
  return {
    off: new Set(holidays.flatMap((holiday) => holiday.daysOff)),
    worked: new Set(holidays.flatMap((holiday) => holiday.workdays.map((workday) => workday.date))),
    version: notice?.version ?? 0,
    provisional,
    view: { year, weekend: [...calendar.weekend], notice: source, provisional, holidays },
  };
}

/** A year's days off, make-up days and their source. */
export function calendarYear(calendar: WorkingCalendar, year: number): CalendarYear {
  return yearIndex(calendar, year).view;
}

/** The version of the year's notice in force (0: none). */
export function noticeVersion(calendar: WorkingCalendar, year: number): number {
  return calendar.notices?.find((notice) => notice.year === year)?.version ?? 0;
}

/**
 * The last instant localDate was asked about (an ISO string, or a Date's time value), with its
 * offset and answer: one step asks for the same instant's date dozens of times, and parsing and
 * formatting it each time was a visible part of a start's CPU (issue 15).
 */
const lastLocalDate = { instant: undefined as Instant | number | undefined, offset: 0, date: '' };

/** The local calendar date of an instant. */
export function localDate(instant: Instant | Date, calendar?: WorkingCalendar): LocalDate {
  const offset = offsetMs(calendar);
  const key = typeof instant === 'string' ? instant : instant.getTime();
  if (key === lastLocalDate.instant && offset === lastLocalDate.offset) return lastLocalDate.date;
  const date = new Date(new Date(instant).getTime() + offset).toISOString().slice(0, 10);
  lastLocalDate.instant = key;
  lastLocalDate.offset = offset;
  lastLocalDate.date = date;
  return date;
}

export function isWorkingDay(calendar: WorkingCalendar, date: LocalDate): boolean {
  if (!DATE.test(date)) throw new RangeError(`not a date: ${date}`);
  const index = yearIndex(calendar, Number(date.slice(0, 4)));
  if (index.worked.has(date)) return true;
  if (index.off.has(date)) return false;
  return !calendar.weekend.includes(new Date(`${date}T00:00:00Z`).getUTCDay());
}

/**
 * Moves an instant by `n` working days, keeping its local time of day, and says which notices the
 * count went through. Counting starts from the next (or, for negative n, previous) working day,
 * so a request filed on a holiday gets full days.
 */
export function countWorkingDays(
  calendar: WorkingCalendar,
  from: Instant,
  n: number,
): { due: Instant; basis: CalendarBasis } {
  if (!Number.isInteger(n)) throw new RangeError(`working days must be a whole number: ${n}`);
  const step = n < 0 ? -1 : 1;
  let ms = new Date(from).getTime();
  let left = Math.abs(n);
  const versions: Record<string, number> = {};
  let provisional = false;
  while (left > 0) {
    ms += step * DAY_MS;
    const date = localDate(new Date(ms), calendar);
    const year = date.slice(0, 4);
    if (!(year in versions)) {
      const index = yearIndex(calendar, Number(year));
      versions[year] = index.version;
      provisional ||= index.provisional;
    }
    if (isWorkingDay(calendar, date)) left -= 1;
  }
  return { due: new Date(ms).toISOString(), basis: { versions, provisional } };
}

export function addWorkingDays(calendar: WorkingCalendar, from: Instant, n: number): Instant {
  return countWorkingDays(calendar, from, n).due;
}

/** Whether a count's notices are still the ones in force (else its due time is recounted). */
export function basisIsCurrent(basis: CalendarBasis, calendar: WorkingCalendar): boolean {
  return Object.entries(basis.versions).every(
    ([year, version]) => noticeVersion(calendar, Number(year)) === version,
  );
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
  return new Date(new Date(`${date}T00:00:00Z`).getTime() - offsetMs(calendar)).toISOString();
}

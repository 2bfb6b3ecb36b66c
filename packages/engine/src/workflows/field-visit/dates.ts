import { startOfLocalDate, type Instant, type LocalDate } from '../../calendar/calendar.ts';

/**
 * Calendar arithmetic on local dates ("YYYY-MM-DD") for the field-visit year: quarters, day counts,
 * and the instants timers are due at. Pure: dates come from events, never from a clock.
 */
export type Quarter = 1 | 2 | 3 | 4;

const DAY_MS = 86_400_000;
const dayNumber = (date: LocalDate) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

export const shiftDate = (date: LocalDate, days: number): LocalDate =>
  new Date((dayNumber(date) + days) * DAY_MS).toISOString().slice(0, 10);

export const quarterOf = (date: LocalDate): Quarter =>
  (Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1) as Quarter;

export const quarterFirstDay = (year: number, quarter: Quarter): LocalDate =>
  `${year}-${String(quarter * 3 - 2).padStart(2, '0')}-01`;

export const quarterLastDay = (year: number, quarter: Quarter): LocalDate =>
  shiftDate(quarter === 4 ? `${year + 1}-01-01` : quarterFirstDay(year, (quarter + 1) as Quarter), -1);

/** Midnight (Vietnam time) at which a quarter begins. */
export const quarterStart = (year: number, quarter: Quarter): Instant =>
  startOfLocalDate(quarterFirstDay(year, quarter));

/** Midnight (Vietnam time) at which the year's books close. */
export const yearEnd = (year: number): Instant => startOfLocalDate(`${year + 1}-01-01`);

/** The last millisecond of a local date: "within 10 days" includes the whole tenth day. */
export const endOfLocalDay = (date: LocalDate): Instant =>
  new Date(Date.parse(startOfLocalDate(shiftDate(date, 1))) - 1).toISOString();

/** Every date from `from` to `to`, both included. */
export function datesBetween(from: LocalDate, to: LocalDate): LocalDate[] {
  const dates: LocalDate[] = [];
  for (let day = dayNumber(from); day <= dayNumber(to); day += 1) {
    dates.push(new Date(day * DAY_MS).toISOString().slice(0, 10));
  }
  return dates;
}

/** Whole months from one date to another (15 Jan → 14 Jul is 5 months, → 15 Jul is 6). */
export function wholeMonthsBetween(from: LocalDate, to: LocalDate): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  return (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0);
}

import { vietnamCalendar } from '@doanflow/engine';

const HOUR = 3_600_000;
// Vietnam keeps one offset all year (no daylight saving): hours of the day are fixed instants.
const OFFSET = (vietnamCalendar.utcOffsetMinutes ?? 420) * 60_000;

/** The local hour of the day (0–23) at an instant. */
export const localHour = (at: Date): number => new Date(at.getTime() + OFFSET).getUTCHours();

/** The first instant after `at` when the local clock shows `hour`:00. */
export function nextLocalHour(at: Date, hour: number): Date {
  const local = new Date(at.getTime() + OFFSET);
  const sameDay = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), hour) - OFFSET;
  return new Date(sameDay > at.getTime() ? sameDay : sameDay + 24 * HOUR);
}

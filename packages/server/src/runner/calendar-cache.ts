import { vietnamCalendar, type HolidayNotice, type WorkingCalendar } from '@doanflow/engine';
import type { Query } from '../db/database.ts';
import { isoOf } from './rows.ts';

export interface NoticeRow {
  year: number;
  version: number;
  reference: string;
  issued_on: string | Date | null;
  note: string | null;
  holidays: HolidayNotice['holidays'];
  effective_from: string | Date;
  loaded_by: string | null;
  stamp: string | number;
}

const dateOf = (value: string | Date | null) =>
  value === null ? null : value instanceof Date ? value.toISOString().slice(0, 10) : value.slice(0, 10);

export const noticeOf = (row: NoticeRow): HolidayNotice => ({
  year: row.year,
  version: row.version,
  reference: row.reference,
  issuedOn: dateOf(row.issued_on),
  note: row.note,
  effectiveFrom: isoOf(row.effective_from)!,
  holidays: row.holidays,
});

/** The notices in force at an instant (all of them by default): the latest version of each year. */
export const noticesInForce = `
  select distinct on (year) * from calendar_notices
  where effective_from <= coalesce($1::timestamptz, 'infinity') order by year, version desc`;

/**
 * The working-day calendar every command runs under: the weekend and the notices in force. A
 * command uses the calendar it started with; `settled` lets a recount wait until the commands begun
 * under a replaced calendar are done, so none of them writes a timer counted under the old notices
 * after the recount has passed.
 */
export class CalendarCache {
  calendar: WorkingCalendar = vietnamCalendar;
  /** The highest notice stamp loaded: another process loaded a notice when the stored one is higher. */
  stamp = 0;
  private readonly inUse = new Map<WorkingCalendar, number>();
  private readonly waiting = new Map<WorkingCalendar, (() => void)[]>();

  /** Reloads when a notice was loaded since; returns the years whose version in force changed. */
  async load(query: Query): Promise<number[]> {
    const [latest] = await query<{ stamp: string | null }>(
      'select max(stamp) as stamp from calendar_notices',
    );
    const stamp = Number(latest?.stamp ?? 0);
    if (stamp === this.stamp) return [];
    const rows = await query<NoticeRow>(noticesInForce, [null]);
    return this.set(rows.map(noticeOf), stamp);
  }

  set(notices: HolidayNotice[], stamp: number): number[] {
    const before = this.calendar.notices ?? [];
    const versionOf = (list: readonly HolidayNotice[], year: number) =>
      list.find((notice) => notice.year === year)?.version ?? 0;
    const years = [...new Set([...before, ...notices].map((notice) => notice.year))];
    this.calendar = { ...vietnamCalendar, notices };
    this.stamp = Math.max(this.stamp, stamp);
    return years.filter((year) => versionOf(before, year) !== versionOf(notices, year)).sort();
  }

  /** Runs `work` with the calendar in force now, counted as in use until it is done. */
  async use<T>(work: (calendar: WorkingCalendar) => Promise<T>): Promise<T> {
    const calendar = this.calendar;
    this.inUse.set(calendar, (this.inUse.get(calendar) ?? 0) + 1);
    try {
      return await work(calendar);
    } finally {
      const left = (this.inUse.get(calendar) ?? 1) - 1;
      if (left > 0) this.inUse.set(calendar, left);
      else {
        this.inUse.delete(calendar);
        for (const resume of this.waiting.get(calendar) ?? []) resume();
        this.waiting.delete(calendar);
      }
    }
  }

  /** Resolves when no command begun under a calendar other than the current one is running. */
  async settled(): Promise<void> {
    const older = [...this.inUse.keys()].filter((calendar) => calendar !== this.calendar);
    await Promise.all(
      older.map(
        (calendar) =>
          new Promise<void>((resolve) => {
            if (!this.inUse.has(calendar)) return resolve();
            this.waiting.set(calendar, [...(this.waiting.get(calendar) ?? []), resolve]);
          }),
      ),
    );
  }
}

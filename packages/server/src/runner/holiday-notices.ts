import {
  calendarYear,
  checkHolidayNotice,
  vietnamCalendar,
  type CalendarYear,
  type HolidayNotice,
  type Principal,
} from '@doanflow/engine';
import { noticeOf, noticesInForce, type NoticeRow } from './calendar-cache.ts';
import type { DurableRuntime } from './durable-runtime.ts';
import { isUniqueViolation } from './idempotency.ts';

const insertNext = `
  insert into calendar_notices (year, version, reference, issued_on, note, holidays, effective_from, loaded_by)
  select $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5::jsonb, $6, $7 from calendar_notices where year = $1
  returning *`;

/**
 * Stores a year's notice as its next version, in force from now. Validated first (INVALID_CALENDAR:
 * nothing is written); two administrators loading at once get consecutive versions. Then the
 * pending timers counted under the year's previous notice (or its statutory estimate) are counted
 * again. Returns the year as it now stands and how many timers were recounted.
 */
export async function publishHolidayNotice(
  runtime: DurableRuntime,
  year: number,
  raw: unknown,
  principal: Principal,
): Promise<{ calendar: CalendarYear; timersRecounted: number }> {
  const notice = checkHolidayNotice(year, raw, runtime.calendars.calendar.weekend);
  const now = runtime.clock.now();
  const params = [
    year,
    notice.reference,
    notice.issuedOn ?? null,
    notice.note ?? null,
    JSON.stringify(notice.holidays),
    now.toISOString(),
    principal.kind === 'person' ? principal.personId : null,
  ];
  for (let attempt = 1; ; attempt += 1) {
    try {
      await runtime.db.transaction(async (query) => {
        const [row] = await query<NoticeRow>(insertNext, params);
        if (runtime.db.kind === 'postgresql') {
          await query('select pg_notify($1, $2)', [
            runtime.hub.channel,
            runtime.hub.message({ calendarStamp: Number(row!.stamp) }),
          ]);
        }
      });
      break;
    } catch (error) {
      if (!isUniqueViolation(error) || attempt === 3) throw error;
    }
  }
  const timersRecounted = await runtime.refreshCalendar();
  return { calendar: calendarYear(runtime.calendars.calendar, year), timersRecounted };
}

/** A year as the stored notices have it at `at` (default: now; another process may have loaded one). */
export async function calendarYearAt(
  runtime: DurableRuntime,
  year: number,
  at?: Date,
): Promise<CalendarYear> {
  const rows = await runtime.db.query<NoticeRow>(noticesInForce, [at?.toISOString() ?? null]);
  return calendarYear({ ...vietnamCalendar, notices: rows.map(noticeOf) }, year);
}

/** Every version of a year's notice, oldest first. */
export async function noticeHistory(runtime: DurableRuntime, year: number): Promise<HolidayNotice[]> {
  const rows = await runtime.db.query<NoticeRow>(
    'select * from calendar_notices where year = $1 order by version',
    [year],
  );
  return rows.map(noticeOf);
}

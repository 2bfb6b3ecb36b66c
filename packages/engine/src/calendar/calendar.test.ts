import { describe, expect, it } from 'vitest';
import { publishedHolidayNotices } from '../demo/holiday-notices.ts';
import {
  addWorkingDays,
  basisIsCurrent,
  calendarYear,
  countWorkingDays,
  isWorkingDay,
  localDate,
  startOfLocalDate,
  vietnamCalendar,
  workingDaysBetween,
  type WorkingCalendar,
} from './calendar.ts';
import { checkHolidayNotice, type HolidayNotice } from './notice.ts';

const vn = vietnamCalendar;
const notice = (year: number, version: number, raw: unknown): HolidayNotice => ({
  year,
  version,
  issuedOn: null,
  note: null,
  effectiveFrom: '2025-12-01T00:00:00.000Z',
  ...checkHolidayNotice(year, raw, [0, 6]),
});
const notice2026 = notice(2026, 1, publishedHolidayNotices[2026]);
const published: WorkingCalendar = { ...vn, notices: [notice2026] };

describe('working-day calendar', () => {
  it('reads local dates in Vietnam time (UTC+7)', () => {
    expect(localDate('2026-02-13T16:59:00Z')).toBe('2026-02-13');
    expect(localDate('2026-02-13T17:00:00Z')).toBe('2026-02-14');
    expect(startOfLocalDate('2026-02-14', vn)).toBe('2026-02-13T17:00:00.000Z');
  });

  it('answers a repeated question as a first one: the same instant by string or Date, other offsets', () => {
    const utc: WorkingCalendar = { ...vn, utcOffsetMinutes: 0 };
    const asked: [string | Date, WorkingCalendar | undefined, string][] = [
      ['2026-02-13T17:00:00Z', undefined, '2026-02-14'],
      ['2026-02-13T17:00:00Z', undefined, '2026-02-14'],
      ['2026-02-13T17:00:00Z', utc, '2026-02-13'],
      [new Date('2026-02-13T17:00:00Z'), utc, '2026-02-13'],
      [new Date('2026-02-13T17:00:00Z'), vn, '2026-02-14'],
      ['2026-02-13T16:59:59.999Z', vn, '2026-02-13'],
      ['2026-02-13T16:59:59.999Z', vn, '2026-02-13'],
    ];
    for (const [instant, calendar, date] of asked) expect(localDate(instant, calendar)).toBe(date);
    // A Date moved in place is read by its time now, not by the object.
    const moving = new Date('2026-02-13T16:00:00Z');
    expect(localDate(moving)).toBe('2026-02-13');
    moving.setTime(Date.parse('2026-02-13T18:00:00Z'));
    expect(localDate(moving)).toBe('2026-02-14');
    // Not an instant: still a RangeError every time, never a remembered answer.
    expect(() => localDate('not a date')).toThrow(RangeError);
    expect(() => localDate('not a date')).toThrow(RangeError);
  });

  it('knows weekends and public holidays, published or statutory', () => {
    for (const calendar of [vn, published]) {
      expect(isWorkingDay(calendar, '2026-02-14')).toBe(false); // Saturday
      expect(isWorkingDay(calendar, '2026-02-17')).toBe(false); // Mùng 1 Tết Bính Ngọ
      expect(isWorkingDay(calendar, '2026-04-27')).toBe(false); // Giỗ Tổ (Sunday 26/4) taken on Monday
      expect(isWorkingDay(calendar, '2026-09-02')).toBe(false); // Quốc khánh
      expect(isWorkingDay(calendar, '2026-02-23')).toBe(true);
    }
    expect(() => isWorkingDay(vn, '23/02/2026')).toThrow(RangeError);
  });

  it('follows the notice: 2 January 2026 off, Saturday 10 January worked', () => {
    expect(isWorkingDay(published, '2026-01-02')).toBe(false);
    expect(isWorkingDay(published, '2026-01-10')).toBe(true);
    // Without the notice the law alone gives 1/1 only.
    expect(isWorkingDay(vn, '2026-01-02')).toBe(true);
    expect(isWorkingDay(vn, '2026-01-10')).toBe(false);
    // Five working days from Wednesday 31/12/2025: 5, 6, 7, 8, 9 January — or up to the Saturday.
    expect(addWorkingDays(vn, '2025-12-31T02:00:00.000Z', 5)).toBe('2026-01-08T02:00:00.000Z');
    expect(addWorkingDays(published, '2025-12-31T02:00:00.000Z', 5)).toBe('2026-01-09T02:00:00.000Z');
    expect(addWorkingDays(published, '2025-12-31T02:00:00.000Z', 6)).toBe('2026-01-10T02:00:00.000Z');
  });

  it('counts working days across Tết, keeping the time of day', () => {
    // Friday before Tết + 1 working day = the Monday after the nine-day break.
    expect(addWorkingDays(vn, '2026-02-13T02:00:00.000Z', 1)).toBe('2026-02-23T02:00:00.000Z');
    // Ten working days from 5 February 2026 span Tết: 6, 9–13, 23–26 February.
    expect(addWorkingDays(vn, '2026-02-05T03:00:00.000Z', 10)).toBe('2026-02-26T03:00:00.000Z');
    // Tết Đinh Mùi 2027 (statutory estimate): 5–11 February off.
    expect(addWorkingDays(vn, '2027-02-04T02:00:00.000Z', 1)).toBe('2027-02-12T02:00:00.000Z');
  });

  it('skips a weekend and counts backwards for reminders before a deadline', () => {
    expect(addWorkingDays(vn, '2026-03-06T02:00:00.000Z', 1)).toBe('2026-03-09T02:00:00.000Z');
    expect(addWorkingDays(vn, '2026-03-09T02:00:00.000Z', -1)).toBe('2026-03-06T02:00:00.000Z');
    expect(addWorkingDays(vn, '2026-03-09T02:00:00.000Z', 0)).toBe('2026-03-09T02:00:00.000Z');
  });

  it('starts counting after a holiday when a request is filed on one', () => {
    // Filed on Mùng 2 Tết: the first working day is Monday 23 February.
    expect(addWorkingDays(vn, '2026-02-18T02:00:00.000Z', 1)).toBe('2026-02-23T02:00:00.000Z');
  });

  it('measures working days between two instants', () => {
    expect(workingDaysBetween(vn, '2026-02-13T02:00:00Z', '2026-02-24T02:00:00Z')).toBe(2);
    expect(workingDaysBetween(vn, '2026-03-02T02:00:00Z', '2026-03-02T09:00:00Z')).toBe(0);
  });

  it('refuses fractional working days', () => {
    expect(() => addWorkingDays(vn, '2026-03-02T02:00:00Z', 1.5)).toThrow(RangeError);
  });

  it('takes another weekend as data', () => {
    const sixDayWeek = { ...vn, weekend: [0] };
    expect(addWorkingDays(sixDayWeek, '2026-03-06T02:00:00.000Z', 1)).toBe('2026-03-07T02:00:00.000Z');
  });
});

describe('which notices a count went through', () => {
  it('records each year and its version (0: none, provisional)', () => {
    // From Christmas 2026 across New Year 2027: 2026 by the notice (still provisional for 2/9), 2027 estimated.
    expect(countWorkingDays(published, '2026-12-24T02:00:00.000Z', 10)).toEqual({
      due: '2027-01-08T02:00:00.000Z',
      basis: { versions: { '2026': 1, '2027': 0 }, provisional: true },
    });
  });

  it('is no longer current when a year it went through gets a notice or a new version', () => {
    const { basis } = countWorkingDays(published, '2026-12-24T02:00:00.000Z', 10);
    expect(basisIsCurrent(basis, published)).toBe(true);
    const with2027 = {
      ...published,
      notices: [
        notice2026,
        notice(2027, 1, { reference: 'TB 2027', holidays: [{ key: 'newYear', daysOff: ['2027-01-01'] }] }),
      ],
    };
    expect(basisIsCurrent(basis, with2027)).toBe(false);
    expect(basisIsCurrent(basis, vn)).toBe(false);
  });

  it('describes a year: the notice in force, and the holidays still estimated', () => {
    const year = calendarYear(published, 2026);
    expect(year.notice).toMatchObject({ version: 1 });
    expect(year.provisional).toBe(true);
    expect(year.holidays.map((holiday) => [holiday.key, holiday.provisional])).toEqual([
      ['newYear', false],
      ['lunarNewYear', false],
      ['hungKings', false],
      ['victoryDay', false],
      ['labourDay', false],
      ['nationalDay', true],
    ]);
    expect(calendarYear(vn, 2028)).toMatchObject({ year: 2028, notice: null, provisional: true });
  });
});

import { describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay, localDate, startOfLocalDate, workingDaysBetween } from './calendar.ts';
import { vietnamCalendar } from './vietnam-holidays.ts';

const vn = vietnamCalendar;

describe('working-day calendar', () => {
  it('reads local dates in Vietnam time (UTC+7)', () => {
    expect(localDate('2026-02-13T16:59:00Z')).toBe('2026-02-13');
    expect(localDate('2026-02-13T17:00:00Z')).toBe('2026-02-14');
    expect(startOfLocalDate('2026-02-14', vn)).toBe('2026-02-13T17:00:00.000Z');
  });

  it('knows weekends, public holidays and swapped Saturdays', () => {
    expect(isWorkingDay(vn, '2026-02-14')).toBe(false); // Saturday
    expect(isWorkingDay(vn, '2026-02-17')).toBe(false); // Mùng 1 Tết Bính Ngọ
    expect(isWorkingDay(vn, '2026-09-02')).toBe(false); // Quốc khánh
    expect(isWorkingDay(vn, '2025-04-26')).toBe(true); // Saturday worked for 2/5
    expect(isWorkingDay(vn, '2026-02-23')).toBe(true);
    expect(() => isWorkingDay(vn, '23/02/2026')).toThrow(RangeError);
  });

  it('counts working days across Tết, keeping the time of day', () => {
    // Friday before Tết + 1 working day = the Monday after the nine-day break.
    expect(addWorkingDays(vn, '2026-02-13T02:00:00.000Z', 1)).toBe('2026-02-23T02:00:00.000Z');
    // Ten working days from 5 February 2026 span Tết: 6, 9–13, 23–26 February.
    expect(addWorkingDays(vn, '2026-02-05T03:00:00.000Z', 10)).toBe('2026-02-26T03:00:00.000Z');
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

  it('takes a deployment calendar as data', () => {
    const sixDayWeek = { weekend: [0], holidays: ['2026-03-07'] };
    expect(addWorkingDays(sixDayWeek, '2026-03-06T02:00:00.000Z', 1)).toBe('2026-03-09T02:00:00.000Z');
  });
});

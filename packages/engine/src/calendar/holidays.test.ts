import { describe, expect, it } from 'vitest';
import { isWorkflowError } from '../errors.ts';
import { publishedHolidayNotices } from '../demo/holiday-notices.ts';
import { statutoryHolidays } from './holidays.ts';
import { checkHolidayNotice } from './notice.ts';

const weekend = [0, 6];
const daysOff = (year: number) =>
  Object.fromEntries(statutoryHolidays(year, weekend).map((holiday) => [holiday.key, holiday.daysOff]));

describe('the statutory days off (Labour Code 2019, art. 112), for a year without a notice', () => {
  it('2026: the same days as the published notice, but for the swapped 2 January', () => {
    expect(daysOff(2026)).toEqual({
      newYear: ['2026-01-01'],
      lunarNewYear: ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20'],
      hungKings: ['2026-04-26', '2026-04-27'], // Sunday: taken on Monday
      victoryDay: ['2026-04-30'],
      labourDay: ['2026-05-01'],
      nationalDay: ['2026-09-01', '2026-09-02'],
    });
    const published = checkHolidayNotice(2026, publishedHolidayNotices[2026], weekend).holidays;
    for (const holiday of published.filter((h) => h.key !== 'newYear')) {
      expect(holiday.daysOff).toEqual(daysOff(2026)[holiday.key]);
    }
  });

  it('2027: Mùng 1 and 2 Tết on the weekend are taken after Mùng 4; 1/5 on Saturday on Monday', () => {
    expect(daysOff(2027)).toEqual({
      newYear: ['2027-01-01'],
      lunarNewYear: [
        '2027-02-05', // the last day of Bính Ngọ, Friday
        '2027-02-06',
        '2027-02-07',
        '2027-02-08',
        '2027-02-09',
        '2027-02-10',
        '2027-02-11',
      ],
      hungKings: ['2027-04-16'],
      victoryDay: ['2027-04-30'],
      labourDay: ['2027-05-01', '2027-05-03'],
      nationalDay: ['2027-09-02', '2027-09-03'], // Thursday: Friday joins the weekend
    });
  });

  it('2028: a compensating day skips the next holiday (30/4 on Sunday, 1/5 on Monday)', () => {
    expect(daysOff(2028)).toMatchObject({
      newYear: ['2028-01-01', '2028-01-03'],
      lunarNewYear: ['2028-01-25', '2028-01-26', '2028-01-27', '2028-01-28', '2028-01-29', '2028-01-31'],
      hungKings: ['2028-04-04'],
      victoryDay: ['2028-04-30', '2028-05-02'],
      labourDay: ['2028-05-01'],
      nationalDay: ['2028-09-01', '2028-09-02', '2028-09-04'], // as in 2023: 1/9 with Saturday 2/9
    });
  });

  it('2029 and 2030', () => {
    expect(daysOff(2029)).toMatchObject({
      lunarNewYear: ['2029-02-12', '2029-02-13', '2029-02-14', '2029-02-15', '2029-02-16'],
      hungKings: ['2029-04-23'],
      nationalDay: ['2029-09-02', '2029-09-03', '2029-09-04'], // Sunday: Monday, and Tuesday for it
    });
    expect(daysOff(2030)).toMatchObject({
      lunarNewYear: [
        '2030-02-01',
        '2030-02-02', // Mùng 1 Canh Tuất, Saturday
        '2030-02-03',
        '2030-02-04',
        '2030-02-05',
        '2030-02-06',
        '2030-02-07',
      ],
      hungKings: ['2030-04-12'],
      nationalDay: ['2030-09-02', '2030-09-03'], // Monday: Tuesday, as in 2024
    });
  });

  it('picks the adjacent day of Quốc khánh the way the 2021–2025 notices did', () => {
    expect(daysOff(2021)['nationalDay']).toEqual(['2021-09-02', '2021-09-03']); // Thursday
    expect(daysOff(2022)['nationalDay']).toEqual(['2022-09-01', '2022-09-02']); // Friday
    expect(daysOff(2024)['nationalDay']).toEqual(['2024-09-02', '2024-09-03']); // Monday
    expect(daysOff(2025)['nationalDay']).toEqual(['2025-09-01', '2025-09-02']); // Tuesday
  });
});

const refusal = (raw: unknown, year = 2027) => {
  try {
    checkHolidayNotice(year, raw, weekend);
  } catch (error) {
    if (isWorkflowError(error))
      return { code: error.code, issues: error.details['issues'] as { code: string }[] };
    throw error;
  }
  throw new Error('the notice was accepted');
};
const tet2027 = { key: 'lunarNewYear', daysOff: ['2027-02-05', '2027-02-06', '2027-02-08'] };

describe('checking a holiday notice', () => {
  it('accepts the 2026 notice with its make-up Saturday, names filled in', () => {
    const notice = checkHolidayNotice(2026, publishedHolidayNotices[2026], weekend);
    expect(notice.holidays[0]).toEqual({
      key: 'newYear',
      name: { vi: 'Tết Dương lịch', en: "New Year's Day" },
      daysOff: ['2026-01-01', '2026-01-02'],
      workdays: [{ date: '2026-01-10', replaces: '2026-01-02' }],
    });
  });

  it('refuses dates of another year, a day listed twice, a statutory holiday twice', () => {
    const issues = refusal({
      reference: 'TB',
      holidays: [tet2027, { ...tet2027, daysOff: ['2026-12-31', '2027-02-08', '2027-02-06'] }],
    }).issues.map((issue) => issue.code);
    expect(issues).toEqual(
      expect.arrayContaining(['duplicate_holiday', 'date_outside_year', 'duplicate_day']),
    );
  });

  it('refuses a make-up day on a weekday, or for a day that is not off', () => {
    const { code, issues } = refusal({
      reference: 'TB',
      holidays: [
        { ...tet2027, workdays: [{ date: '2027-02-17', replaces: '2027-02-05' }] },
        {
          key: 'victoryDay',
          daysOff: ['2027-04-30'],
          workdays: [{ date: '2027-04-24', replaces: '2027-04-29' }],
        },
      ],
    });
    expect(code).toBe('INVALID_CALENDAR');
    expect(issues.map((issue) => issue.code)).toEqual(['workday_not_weekend', 'replaces_unknown_day']);
  });

  it('refuses a statutory holiday without its own day, an unnamed extra day, a bad shape', () => {
    expect(
      refusal({ reference: 'TB', holidays: [{ key: 'hungKings', daysOff: ['2027-04-15'] }] }).issues,
    ).toEqual([expect.objectContaining({ code: 'holiday_day_missing' })]);
    expect(
      refusal({ reference: 'TB', holidays: [{ key: 'other', daysOff: ['2027-11-24'] }] }).issues,
    ).toEqual([expect.objectContaining({ code: 'name_required' })]);
    expect(refusal({ reference: '', holidays: [{ key: 'newYear', daysOff: ['1/1/2027'] }] }).code).toBe(
      'INVALID_CALENDAR',
    );
  });
});

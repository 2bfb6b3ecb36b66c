import type { Label } from '../define-workflow.ts';
import { lunarNewYear, lunarToSolar } from './lunar.ts';

/**
 * The public holidays of the Labour Code 2019 (Bộ luật Lao động, art. 112) and how a year's days
 * off are worked out from them when the government has not (yet) published its notice.
 */
export const statutoryHolidayKeys = [
  'newYear',
  'lunarNewYear',
  'hungKings',
  'victoryDay',
  'labourDay',
  'nationalDay',
] as const;
export type StatutoryHolidayKey = (typeof statutoryHolidayKeys)[number];
/** `other`: a day off the government grants beyond the statutory ones (it must be named). */
export type HolidayKey = StatutoryHolidayKey | 'other';

export const holidayNames: Readonly<Record<StatutoryHolidayKey, Label>> = {
  newYear: { vi: 'Tết Dương lịch', en: "New Year's Day" },
  lunarNewYear: { vi: 'Tết Âm lịch', en: 'Lunar New Year (Tết)' },
  hungKings: { vi: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', en: "Hùng Kings' Commemoration" },
  victoryDay: { vi: 'Ngày Chiến thắng (30/4)', en: 'Reunification Day (30 April)' },
  labourDay: { vi: 'Ngày Quốc tế lao động (1/5)', en: 'International Labour Day (1 May)' },
  nationalDay: { vi: 'Quốc khánh (2/9)', en: 'National Day (2 September)' },
};

/** One holiday of a year: the dates not worked, and weekend days worked in exchange ("làm bù"). */
export interface HolidayDays {
  key: HolidayKey;
  name: Label;
  /** Every date off, weekend days of the break included or not; a compensating day ("nghỉ bù") too. */
  daysOff: string[];
  /** A Saturday or Sunday worked to make up for a bridge day off (`replaces`, one of `daysOff`). */
  workdays: { date: string; replaces: string }[];
}

const DAY_MS = 86_400_000;
export const shiftDate = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
export const weekdayOf = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

/** The day the law names for each statutory holiday (Tết: Mùng 1; Giỗ Tổ: 10/3 lunar). */
export function statutoryDay(key: StatutoryHolidayKey, year: number): string {
  switch (key) {
    case 'newYear':
      return `${year}-01-01`;
    case 'lunarNewYear':
      return lunarNewYear(year);
    case 'hungKings':
      return lunarToSolar({ day: 10, month: 3, year, leap: false });
    case 'victoryDay':
      return `${year}-04-30`;
    case 'labourDay':
      return `${year}-05-01`;
    case 'nationalDay':
      return `${year}-09-02`;
  }
}

/**
 * Quốc khánh is 2/9 "and one adjacent day, before or after": the one that is a working day, and of
 * two, the one that joins the weekend (as the notices of 2021–2025 chose); else 1/9.
 */
function nationalDayPair(year: number, isRestDay: (date: string) => boolean): string[] {
  const before = `${year}-09-01`;
  const after = `${year}-09-03`;
  const candidates = [before, after].filter((date) => !isRestDay(date));
  const bridging = candidates.find((date) =>
    date === before ? isRestDay(`${year}-08-31`) : isRestDay(`${year}-09-04`),
  );
  return [bridging ?? candidates[0] ?? before, `${year}-09-02`].sort();
}

/**
 * The statutory days off of a year: 1/1; Tết five days (the last day of the lunar year and Mùng
 * 1–4); Giỗ Tổ; 30/4; 1/5; 2/9 with an adjacent day. A holiday that falls on a weekend is taken on
 * the next working day (art. 111(3)). The government's notice usually moves bridge days: this is
 * only the estimate for a year it has not published yet.
 */
export function statutoryHolidays(year: number, weekend: readonly number[]): HolidayDays[] {
  const isRestDay = (date: string) => weekend.includes(weekdayOf(date));
  const tet = statutoryDay('lunarNewYear', year);
  const days: Record<StatutoryHolidayKey, string[]> = {
    newYear: [statutoryDay('newYear', year)],
    lunarNewYear: [-1, 0, 1, 2, 3].map((offset) => shiftDate(tet, offset)),
    hungKings: [statutoryDay('hungKings', year)],
    victoryDay: [statutoryDay('victoryDay', year)],
    labourDay: [statutoryDay('labourDay', year)],
    nationalDay: nationalDayPair(year, isRestDay),
  };
  const taken = new Set(Object.values(days).flat());
  const inOrder = statutoryHolidayKeys
    .flatMap((key) => days[key].map((date) => ({ key, date })))
    .sort((a, b) => a.date.localeCompare(b.date));
  for (const { key, date } of inOrder) {
    if (!isRestDay(date)) continue;
    let compensation = shiftDate(date, 1);
    while (isRestDay(compensation) || taken.has(compensation)) compensation = shiftDate(compensation, 1);
    taken.add(compensation);
    days[key].push(compensation);
  }
  return statutoryHolidayKeys.map((key) => ({
    key,
    name: holidayNames[key],
    daysOff: [...days[key]].sort(),
    workdays: [],
  }));
}

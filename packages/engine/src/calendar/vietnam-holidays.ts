import type { LocalDate, WorkingCalendar } from './calendar.ts';

/**
 * Days off for civil servants and public bodies (Labour Code 2019, art. 112, plus the yearly
 * schedules that move bridge days). Lunar dates (Tết, Hùng Kings) move every year, so each year
 * is listed; a deployment replaces or extends this list from the year's official notice.
 */
export const vietnamHolidays: Record<number, readonly LocalDate[]> = {
  2024: [
    '2024-01-01',
    // Tết Giáp Thìn: 08/02 – 14/02
    '2024-02-08',
    '2024-02-09',
    '2024-02-12',
    '2024-02-13',
    '2024-02-14',
    '2024-04-18', // Giỗ Tổ Hùng Vương (10/3 âm lịch)
    '2024-04-29',
    '2024-04-30',
    '2024-05-01', // 29/4 swapped for Saturday 04/5
    '2024-09-02',
    '2024-09-03',
  ],
  2025: [
    '2025-01-01',
    // Tết Ất Tỵ: 25/01 – 02/02
    '2025-01-27',
    '2025-01-28',
    '2025-01-29',
    '2025-01-30',
    '2025-01-31',
    '2025-04-07', // Giỗ Tổ Hùng Vương
    '2025-04-30',
    '2025-05-01',
    '2025-05-02', // 02/5 swapped for Saturday 26/4
    '2025-09-01',
    '2025-09-02',
  ],
  2026: [
    '2026-01-01',
    // Tết Bính Ngọ: 14/02 – 22/02
    '2026-02-16',
    '2026-02-17',
    '2026-02-18',
    '2026-02-19',
    '2026-02-20',
    '2026-04-27', // Giỗ Tổ Hùng Vương falls on Sunday 26/4: taken on Monday
    '2026-04-30',
    '2026-05-01',
    '2026-09-01',
    '2026-09-02',
  ],
  // Provisional: the statutory days, with weekend holidays taken on the next working days; the
  // government's notice for 2027 may move bridge days.
  2027: [
    '2027-01-01',
    // Tết Đinh Mùi: 30 Tết is Friday 05/02; Mùng 1–2 fall on the weekend and are taken on 10–11/02.
    '2027-02-05',
    '2027-02-08',
    '2027-02-09',
    '2027-02-10',
    '2027-02-11',
    '2027-04-16', // Giỗ Tổ Hùng Vương
    '2027-04-30',
    '2027-05-03', // 1/5 falls on Saturday
    '2027-09-02',
    '2027-09-03',
  ],
};

/** Saturdays worked in exchange for a bridge day off. */
export const vietnamSwappedWorkdays: readonly LocalDate[] = ['2024-05-04', '2025-04-26'];

/** The default calendar: Saturday and Sunday off, Vietnamese public holidays, UTC+7. */
export const vietnamCalendar: WorkingCalendar = {
  weekend: [0, 6],
  holidays: Object.values(vietnamHolidays).flat(),
  workdays: vietnamSwappedWorkdays,
  utcOffsetMinutes: 420,
};

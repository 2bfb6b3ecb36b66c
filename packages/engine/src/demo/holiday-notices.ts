import type { HolidayNoticeInput } from '../calendar/notice.ts';

/**
 * The days off of 2026 for civil servants and public bodies as published, in the form a directory
 * administrator loads them (PUT /calendar/2026); the demo server loads them at its first start.
 * Only what is certain is here: Quốc khánh 2026 (2/9 is a Wednesday, the adjacent day 1/9 or 3/9)
 * is left out, so it keeps the statutory estimate and 2026 stays provisional for it until an
 * administrator loads the notice's next version.
 */
export const publishedHolidayNotices: Readonly<Record<number, HolidayNoticeInput>> = {
  2026: {
    reference: 'Lịch nghỉ Tết Dương lịch, Tết Âm lịch 2026 của cán bộ, công chức, viên chức (Bộ Nội vụ)',
    note:
      'Tết Dương lịch: nghỉ 01/01 – 04/01, thứ Sáu 02/01 hoán đổi, làm bù thứ Bảy 10/01. ' +
      'Tết Âm lịch Bính Ngọ: nghỉ 9 ngày, thứ Bảy 14/02 – Chủ nhật 22/02. ' +
      'Giỗ Tổ Hùng Vương (Chủ nhật 26/04) nghỉ bù thứ Hai 27/04. 30/04 – 01/05: thứ Năm, thứ Sáu.',
    holidays: [
      {
        key: 'newYear',
        daysOff: ['2026-01-01', '2026-01-02'],
        workdays: [{ date: '2026-01-10', replaces: '2026-01-02' }],
      },
      {
        key: 'lunarNewYear',
        daysOff: ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20'],
      },
      { key: 'hungKings', daysOff: ['2026-04-26', '2026-04-27'] },
      { key: 'victoryDay', daysOff: ['2026-04-30'] },
      { key: 'labourDay', daysOff: ['2026-05-01'] },
    ],
  },
};

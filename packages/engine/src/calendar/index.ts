export * from './calendar.ts';
export {
  holidayNames,
  statutoryDay,
  statutoryHolidays,
  statutoryHolidayKeys,
  type HolidayDays,
  type HolidayKey,
  type StatutoryHolidayKey,
} from './holidays.ts';
export { lunarNewYear, lunarToSolar, solarToLunar, type LunarDate } from './lunar.ts';
export {
  checkHolidayNotice,
  holidayNoticeInputSchema,
  type HolidayNotice,
  type HolidayNoticeInput,
} from './notice.ts';

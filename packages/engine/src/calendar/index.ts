export * from './calendar.ts';
export { vietnamCalendar, vietnamHolidays, vietnamSwappedWorkdays } from './vietnam-holidays.ts';

import type { LocalDate } from './calendar.ts';

/**
 * The Vietnamese lunisolar calendar (âm lịch), after Hồ Ngọc Đức's published method: new moons and
 * solar terms from Jean Meeus' "Astronomical Algorithms", days counted at the meridian of UTC+7.
 * The Chinese calendar uses the same rules at UTC+8, so the two part ways when a new moon falls
 * between 16:00 and 17:00 UTC (Tết 2007: 17 February in Vietnam, 18 February in China).
 */
export interface LunarDate {
  day: number;
  month: number;
  /** The lunar year, named after the solar year in which its first month begins. */
  year: number;
  /** Whether the month is the year's leap month (tháng nhuận). */
  leap: boolean;
}

/** Hanoi's meridian: the official Vietnamese calendar since 1968. */
export const VIETNAM_LUNAR_OFFSET_HOURS = 7;

const SYNODIC_MONTH = 29.530588853;
const NEW_MOON_EPOCH = 2415021.076998695; // the new moon of 1 January 1900, Julian day
const RAD = Math.PI / 180;

/** Julian day number of a Gregorian date. */
function julianDay(year: number, month: number, day: number): number {
  const a = Math.floor((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  return (
    day +
    Math.floor((153 * m + 2) / 5) +
    365 * y +
    Math.floor(y / 4) -
    Math.floor(y / 100) +
    Math.floor(y / 400) -
    32045
  );
}

function fromJulianDay(jd: number): LocalDate {
  const a = jd + 32044;
  const b = Math.floor((4 * a + 3) / 146097);
  const c = a - Math.floor((146097 * b) / 4);
  const d = Math.floor((4 * c + 3) / 1461);
  const e = c - Math.floor((1461 * d) / 4);
  const m = Math.floor((5 * e + 2) / 153);
  const day = e - Math.floor((153 * m + 2) / 5) + 1;
  const month = m + 3 - 12 * Math.floor(m / 10);
  const year = 100 * b + d - 4800 + Math.floor(m / 10);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The local day (Julian day number) of the k-th new moon after 1 January 1900. */
function newMoonDay(k: number, offsetHours: number): number {
  const t = k / 1236.85;
  const t2 = t * t;
  const t3 = t2 * t;
  let jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
  jd += 0.00033 * Math.sin((166.56 + 132.87 * t - 0.009173 * t2) * RAD);
  const sunAnomaly = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * RAD;
  const moonAnomaly = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * RAD;
  const latitude = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * RAD;
  const correction =
    (0.1734 - 0.000393 * t) * Math.sin(sunAnomaly) +
    0.0021 * Math.sin(2 * sunAnomaly) -
    0.4068 * Math.sin(moonAnomaly) +
    0.0161 * Math.sin(2 * moonAnomaly) -
    0.0004 * Math.sin(3 * moonAnomaly) +
    0.0104 * Math.sin(2 * latitude) -
    0.0051 * Math.sin(sunAnomaly + moonAnomaly) -
    0.0074 * Math.sin(sunAnomaly - moonAnomaly) +
    0.0004 * Math.sin(2 * latitude + sunAnomaly) -
    0.0004 * Math.sin(2 * latitude - sunAnomaly) -
    0.0006 * Math.sin(2 * latitude + moonAnomaly) +
    0.001 * Math.sin(2 * latitude - moonAnomaly) +
    0.0005 * Math.sin(2 * moonAnomaly + sunAnomaly);
  const deltaT =
    t < -11
      ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
      : -0.000278 + 0.000265 * t + 0.000262 * t2;
  return Math.floor(jd + correction - deltaT + 0.5 + offsetHours / 24);
}

/** The sun's longitude at the start of a local day, as the index (0–11) of its 30° sector. */
function sunSector(day: number, offsetHours: number): number {
  const t = (day - 2451545.5 - offsetHours / 24) / 36525;
  const t2 = t * t;
  const anomaly = (357.5291 + 35999.0503 * t - 0.0001559 * t2 - 0.00000048 * t * t2) * RAD;
  const mean = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
  const centre =
    (1.9146 - 0.004817 * t - 0.000014 * t2) * Math.sin(anomaly) +
    (0.019993 - 0.000101 * t) * Math.sin(2 * anomaly) +
    0.00029 * Math.sin(3 * anomaly);
  let longitude = (mean + centre) * RAD;
  longitude -= 2 * Math.PI * Math.floor(longitude / (2 * Math.PI));
  return Math.floor((longitude / Math.PI) * 6);
}

/** The first day of the 11th lunar month (the one holding the winter solstice) of a solar year. */
function month11Start(year: number, offsetHours: number): number {
  const k = Math.floor((julianDay(year, 12, 31) - 2415021) / SYNODIC_MONTH);
  const start = newMoonDay(k, offsetHours);
  return sunSector(start, offsetHours) >= 9 ? newMoonDay(k - 1, offsetHours) : start;
}

/** Months after month 11 until the leap month: the first month with no solar term (zhongqi). */
function leapMonthOffset(month11: number, offsetHours: number): number {
  const k = Math.floor((month11 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let sector = sunSector(newMoonDay(k + i, offsetHours), offsetHours);
  let previous: number;
  do {
    previous = sector;
    i += 1;
    sector = sunSector(newMoonDay(k + i, offsetHours), offsetHours);
  } while (sector !== previous && i < 14);
  return i - 1;
}

/** The solar date of a lunar date; a leap month that does not exist is a RangeError. */
export function lunarToSolar(lunar: LunarDate, offsetHours: number = VIETNAM_LUNAR_OFFSET_HOURS): LocalDate {
  const { day, month, year, leap } = lunar;
  const [a11, b11] =
    month < 11
      ? [month11Start(year - 1, offsetHours), month11Start(year, offsetHours)]
      : [month11Start(year, offsetHours), month11Start(year + 1, offsetHours)];
  const k = Math.floor(0.5 + (a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  let offset = (month - 11 + 12) % 12;
  if (b11 - a11 > 365) {
    const leapOffset = leapMonthOffset(a11, offsetHours);
    const leapMonth = (leapOffset - 2 + 12) % 12;
    if (leap && month !== leapMonth) {
      throw new RangeError(`lunar year ${year} has no leap month ${month}`);
    }
    if (leap || offset >= leapOffset) offset += 1;
  } else if (leap) {
    throw new RangeError(`lunar year ${year} has no leap month`);
  }
  return fromJulianDay(newMoonDay(k + offset, offsetHours) + day - 1);
}

/** The lunar date of a solar date ("YYYY-MM-DD"). */
export function solarToLunar(date: LocalDate, offsetHours: number = VIETNAM_LUNAR_OFFSET_HOURS): LunarDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const dayNumber = julianDay(y, m, d);
  const k = Math.floor((dayNumber - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  let monthStart = newMoonDay(k + 1, offsetHours);
  if (monthStart > dayNumber) monthStart = newMoonDay(k, offsetHours);
  let a11 = month11Start(y, offsetHours);
  let b11 = a11;
  let year: number;
  if (a11 >= monthStart) {
    year = y;
    a11 = month11Start(y - 1, offsetHours);
  } else {
    year = y + 1;
    b11 = month11Start(y + 1, offsetHours);
  }
  const diff = Math.floor((monthStart - a11) / 29);
  let month = diff + 11;
  let leap = false;
  if (b11 - a11 > 365) {
    const leapOffset = leapMonthOffset(a11, offsetHours);
    if (diff >= leapOffset) {
      month = diff + 10;
      leap = diff === leapOffset;
    }
  }
  if (month > 12) month -= 12;
  if (month >= 11 && diff < 4) year -= 1;
  return { day: dayNumber - monthStart + 1, month, year, leap };
}

/** Mùng 1 Tết: the first day of the lunar year that begins in `year`. */
export function lunarNewYear(year: number, offsetHours: number = VIETNAM_LUNAR_OFFSET_HOURS): LocalDate {
  return lunarToSolar({ day: 1, month: 1, year, leap: false }, offsetHours);
}

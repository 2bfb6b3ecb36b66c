import { VIETNAM_TIME_ZONE } from '../../i18n/dates.ts';
import type { FieldSchema } from './schema.ts';

/**
 * Dates and months as officers write them ("10/2026", "25/11/2026", "25/11/2026 17:00", "31/12"),
 * turned into what the server's schema wants ("2026-10", "2026-11-25", an ISO instant at UTC+7,
 * "12-31"). The ISO form is accepted too. A field is one of these by its JSON Schema: `format`
 * date or date-time, or a pattern that reads as year-month or month-day.
 */
export type TextFormat = 'month' | 'monthDay' | 'date' | 'dateTime';

const accepts = (pattern: RegExp, yes: string[], no: string[]) =>
  yes.every((value) => pattern.test(value)) && !no.some((value) => pattern.test(value));

function compiled(pattern: string | undefined): RegExp | null {
  if (!pattern) return null;
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return null;
  }
}

export function textFormat(field: FieldSchema): TextFormat | undefined {
  if (field.format === 'date') return 'date';
  if (field.format === 'date-time') return 'dateTime';
  const pattern = compiled(field.pattern);
  if (!pattern) return undefined;
  if (accepts(pattern, ['2026-10', '1999-01'], ['2026-13', '2026-10-01', '10/2026', 'x'])) return 'month';
  if (accepts(pattern, ['12-31', '01-05'], ['13-01', '2026-12-31', '31/12', 'x'])) return 'monthDay';
  return undefined;
}

const two = (value: number) => String(value).padStart(2, '0');
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const isDay = (year: number, month: number, day: number) =>
  month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);
const isoDay = (year: number, month: number, day: number) =>
  isDay(year, month, day) && year >= 1000 ? `${year}-${two(month)}-${two(day)}` : null;

function parseDay(text: string): string | null {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (iso) return isoDay(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const written = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$/.exec(text);
  return written ? isoDay(Number(written[3]), Number(written[2]), Number(written[1])) : null;
}

/** The value the server wants for what was typed, or null when it cannot be read. */
export function parseNatural(format: TextFormat, typed: string): string | null {
  const text = typed.trim().replace(/\s+/g, ' ');
  switch (format) {
    case 'month': {
      const iso = /^(\d{4})\s*[-/.]\s*(\d{1,2})$/.exec(text);
      const written = /^(?:tháng|thg|t)?\s*(\d{1,2})\s*[/.\- ]\s*(?:năm\s*)?(\d{4})$/iu.exec(text);
      const [year, month] = iso ? [iso[1], iso[2]] : written ? [written[2], written[1]] : [];
      return year && month && Number(month) >= 1 && Number(month) <= 12
        ? `${year}-${two(Number(month))}`
        : null;
    }
    case 'monthDay': {
      const written = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})$/.exec(text);
      if (!written) return null;
      const [day, month] = [Number(written[1]), Number(written[2])];
      // Valid in every year, as the schema asks (no 29 February).
      return isDay(2025, month, day) ? `${two(month)}-${two(day)}` : null;
    }
    case 'date':
      return parseDay(text);
    case 'dateTime': {
      if (/^\d{4}-\d{2}-\d{2}T/.test(text)) return Number.isNaN(Date.parse(text)) ? null : text;
      const written = /^(.+?)[ ,]+(?:lúc\s*)?(\d{1,2})\s*(?::|h|giờ)\s*(\d{2})?\s*(?:phút)?$/iu.exec(text);
      const day = written ? parseDay(written[1]!.trim()) : null;
      const [hour, minute] = [Number(written?.[2]), Number(written?.[3] ?? 0)];
      if (!day || hour > 23 || minute > 59) return null;
      // Officers read and write times in Vietnam (UTC+7, no daylight saving).
      return `${day}T${two(hour)}:${two(minute)}:00+07:00`;
    }
  }
}

/** A stored value (a default, or a value sent back) the way an officer writes it. */
export function writeNatural(format: TextFormat, value: string): string {
  const iso = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(value);
  if (format === 'month' && iso && !iso[3]) return `${iso[2]}/${iso[1]}`;
  if (format === 'date' && iso?.[3]) return `${iso[3]}/${iso[2]}/${iso[1]}`;
  const monthDay = /^(\d{2})-(\d{2})$/.exec(value);
  if (format === 'monthDay' && monthDay) return `${monthDay[2]}/${monthDay[1]}`;
  if (format === 'dateTime' && !Number.isNaN(Date.parse(value))) {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-GB', {
        timeZone: VIETNAM_TIME_ZONE,
        day: '2-digit',
        month: '2-digit',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      })
        .formatToParts(new Date(value))
        .map((part) => [part.type, part.value]),
    );
    return `${parts['day']}/${parts['month']}/${parts['year']} ${parts['hour']}:${parts['minute']}`;
  }
  return value;
}

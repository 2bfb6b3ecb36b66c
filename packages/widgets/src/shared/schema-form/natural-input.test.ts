import { describe, expect, it } from 'vitest';
import { parseNatural, textFormat, writeNatural } from './natural-input.ts';

describe('dates and months as officers write them', () => {
  it('tells a field’s format from its JSON Schema', () => {
    expect(textFormat({ type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' })).toBe('month');
    expect(textFormat({ type: 'string', pattern: '^(0[1-9]|1[0-2])-\\d{2}$' })).toBe('monthDay');
    expect(textFormat({ type: 'string', format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' })).toBe('date');
    expect(textFormat({ type: 'string', format: 'date-time' })).toBe('dateTime');
    expect(textFormat({ type: 'string', pattern: '^[A-Z]+$' })).toBeUndefined();
    expect(textFormat({ type: 'string', pattern: '(' })).toBeUndefined();
  });

  it('reads a month as "10/2026", "tháng 10/2026", "T10-2026" or "2026-10"', () => {
    const months = ['10/2026', ' 10 / 2026 ', 'tháng 10/2026', 'Tháng 10 năm 2026', 'T10-2026', '10.2026'];
    const iso = ['2026-10', '2026/10'];
    expect([...months, ...iso].map((typed) => parseNatural('month', typed))).toEqual(
      [...months, ...iso].map(() => '2026-10'),
    );
    expect(parseNatural('month', '1/2027')).toBe('2027-01');
    const wrong = ['13/2026', '0/2026', '10/26', 'tháng mười', '2026-10-01', ''];
    expect(wrong.map((typed) => parseNatural('month', typed))).toEqual(wrong.map(() => null));
  });

  it('reads days (day first), instants in Vietnam time and days of the year', () => {
    expect(parseNatural('date', '25/11/2026')).toBe('2026-11-25');
    expect(parseNatural('date', '5-3-2026')).toBe('2026-03-05');
    expect(parseNatural('date', '2026-11-25')).toBe('2026-11-25');
    expect(parseNatural('date', '29/02/2026')).toBeNull();
    expect(parseNatural('date', '29/02/2028')).toBe('2028-02-29');
    expect(parseNatural('dateTime', '25/11/2026 17:00')).toBe('2026-11-25T17:00:00+07:00');
    expect(parseNatural('dateTime', '25/11/2026 lúc 8h30')).toBe('2026-11-25T08:30:00+07:00');
    expect(parseNatural('dateTime', '25/11/2026')).toBeNull();
    expect(parseNatural('dateTime', '25/11/2026 24:00')).toBeNull();
    expect(parseNatural('monthDay', '31/12')).toBe('12-31');
    expect(parseNatural('monthDay', '29/2')).toBeNull();
  });

  it('writes stored values back the way they are typed', () => {
    expect(writeNatural('month', '2026-10')).toBe('10/2026');
    expect(writeNatural('date', '2026-11-25')).toBe('25/11/2026');
    expect(writeNatural('monthDay', '12-31')).toBe('31/12');
    expect(writeNatural('dateTime', '2026-11-25T10:00:00.000Z')).toBe('25/11/2026 17:00');
  });
});

import { describe, expect, it } from 'vitest';
import { lunarNewYear, lunarToSolar, solarToLunar } from './lunar.ts';

const gioTo = (year: number) => lunarToSolar({ day: 10, month: 3, year, leap: false });

describe('the Vietnamese lunar calendar (UTC+7)', () => {
  it('puts Mùng 1 Tết on the published dates', () => {
    expect(lunarNewYear(2024)).toBe('2024-02-10'); // Giáp Thìn
    expect(lunarNewYear(2025)).toBe('2025-01-29'); // Ất Tỵ
    expect(lunarNewYear(2026)).toBe('2026-02-17'); // Bính Ngọ
    expect(lunarNewYear(2027)).toBe('2027-02-06'); // Đinh Mùi
    expect(lunarNewYear(2028)).toBe('2028-01-26'); // Mậu Thân
    expect(lunarNewYear(2029)).toBe('2029-02-13'); // Kỷ Dậu
    // Canh Tuất: the new moon is at 16:07 UTC on 2 February, 23:07 in Hà Nội but 00:07 on
    // 3 February in Beijing, so Vietnam's Tết is a day before China's Spring Festival.
    expect(lunarNewYear(2030)).toBe('2030-02-02');
  });

  it('differs from the Chinese calendar (UTC+8) where the published calendars do', () => {
    expect([lunarNewYear(2007), lunarNewYear(2007, 8)]).toEqual(['2007-02-17', '2007-02-18']);
    expect([lunarNewYear(2030), lunarNewYear(2030, 8)]).toEqual(['2030-02-02', '2030-02-03']);
    // 1985: the eleventh month fell differently, a whole month apart.
    expect([lunarNewYear(1985), lunarNewYear(1985, 8)]).toEqual(['1985-01-21', '1985-02-20']);
  });

  it('puts Giỗ Tổ Hùng Vương (10/3) on the dates of the notices and later years', () => {
    expect(gioTo(2024)).toBe('2024-04-18');
    expect(gioTo(2025)).toBe('2025-04-07');
    expect(gioTo(2026)).toBe('2026-04-26');
    expect(gioTo(2027)).toBe('2027-04-16');
    expect(gioTo(2028)).toBe('2028-04-04');
    expect(gioTo(2029)).toBe('2029-04-23');
    expect(gioTo(2030)).toBe('2030-04-12');
  });

  it('knows the leap months (tháng nhuận) of 2025 and 2028', () => {
    expect(solarToLunar('2025-07-24')).toEqual({ day: 30, month: 6, year: 2025, leap: false });
    expect(solarToLunar('2025-07-25')).toEqual({ day: 1, month: 6, year: 2025, leap: true });
    expect(lunarToSolar({ day: 1, month: 5, year: 2028, leap: true })).toBe('2028-06-23');
    expect(() => lunarToSolar({ day: 1, month: 3, year: 2026, leap: true })).toThrow(RangeError);
  });

  it('converts every day of 2026–2030 to the lunar calendar and back', () => {
    let day = Date.parse('2026-01-01T00:00:00Z');
    const end = Date.parse('2030-12-31T00:00:00Z');
    for (; day <= end; day += 86_400_000) {
      const date = new Date(day).toISOString().slice(0, 10);
      const lunar = solarToLunar(date);
      expect(lunar.day).toBeGreaterThanOrEqual(1);
      expect(lunar.day).toBeLessThanOrEqual(30);
      expect(lunarToSolar(lunar)).toBe(date);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { searchText } from '../../src/persistence/search-text.ts';

/** Folding the parts joined, as the inbox's search column was always computed. */
const foldedJoined = (...parts: (string | null | undefined)[]) =>
  parts
    .filter((part): part is string => Boolean(part))
    .join(' ')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();

describe('searchText', () => {
  const cases: (string | null | undefined)[][] = [
    ['Chuyển sinh hoạt Đoàn', 'Member transfer', 'Chờ Bí thư Chi đoàn ký', null, 'Nguyễn Thị Ánh'],
    ['  Đánh giá   chi đoàn ', '', undefined, 'Ban Thường vụ Đoàn xã Trà Đốc', '   '],
    ['ΟΔΟΣ', 'Ỷ Lan', 'e\u0301', '\u0301', 'Tab\there', 'a\u00a0b'],
    ['Đề nghị khen thưởng', 'Đề nghị khen thưởng'],
    [],
  ];

  it('folds each part as folding the parts joined would, remembered or not', () => {
    for (const parts of cases) {
      expect(searchText(...parts)).toBe(foldedJoined(...parts));
      // The second time from what it remembers.
      expect(searchText(...parts)).toBe(foldedJoined(...parts));
    }
    expect(searchText('Bí thư Đoàn')).toBe('bi thu doan');
  });
});

import { describe, expect, it } from 'vitest';
import { demoDirectoryData } from './demo/directory.ts';
import { OrgDirectory } from './directory.ts';

const directory = new OrgDirectory(demoDirectoryData);
const before = '2025-06-15';
const after = '2025-07-15';

describe('organisation directory with effective dates', () => {
  it('finds the level directly above as of a date, across the 2025 reorganisation', () => {
    expect(directory.levelAbove('tradoc', before)?.id).toBe('btm');
    expect(directory.levelAbove('tradoc', after)?.id).toBe('dn');
    expect(directory.levelAbove('cd-thon2', after)?.name).toBe('Đoàn xã Trà Đốc');
  });

  it('follows a merger to the successor unit', () => {
    expect(directory.resolveUnit('traso', before)?.id).toBe('traso');
    expect(directory.resolveUnit('traso', after)?.id).toBe('tramy');
    expect(directory.levelAbove('cd-tdp1', before)?.id).toBe('tt-tramy');
    expect(directory.levelAbove('cd-tdp1', after)?.id).toBe('tramy');
  });

  it('lists ancestors nearest first and answers ancestry questions', () => {
    expect(directory.ancestors('cd-thon2', before).map((u) => u.id)).toEqual(['tradoc', 'btm', 'dn', 'tw']);
    expect(directory.ancestors('cd-thon2', after).map((u) => u.id)).toEqual(['tradoc', 'dn', 'tw']);
    expect(directory.isAncestor('btm', 'cd-thon2', after)).toBe(false);
    expect(
      directory
        .children('tradoc', after)
        .map((u) => u.id)
        .sort(),
    ).toEqual(['cd-thon2', 'cd-thon5']);
  });

  it('drops role bindings on units that no longer exist', () => {
    expect(directory.bindingsOf('p-son', before).map((b) => b.role)).toContain('baseSecretary');
    expect(directory.bindingsOf('p-son', after)).toEqual([]);
    expect(
      directory
        .holders('baseSecretary', 'tradoc', after)
        .map((b) => b.personId)
        .sort(),
    ).toEqual(['p-hieu', 'p-khanh']);
  });

  it('does not know units before they exist', () => {
    expect(directory.resolveUnit('tramy', before)).toBeUndefined();
    expect(directory.resolveUnit('nowhere', after)).toBeUndefined();
  });

  it('refuses invalid directory data with the issues', () => {
    expect(() => OrgDirectory.parse({ levels: [], units: [{ id: 'x' }], people: [], bindings: [] })).toThrow(
      expect.objectContaining({ code: 'INVALID_DIRECTORY' }),
    );
    expect(() =>
      OrgDirectory.parse({
        ...demoDirectoryData,
        units: [{ id: 'u', name: 'U', level: 'planet', parentId: null, validFrom: '2020-01-01' }],
      }),
    ).toThrow(/unknown level planet/);
  });

  it('levels are data named by the deployment', () => {
    expect(directory.level('base')?.label.vi).toBe('Đoàn cơ sở');
    expect(directory.person('p-ha')?.name).toBe('Võ Thị Hồng Hà');
  });
});

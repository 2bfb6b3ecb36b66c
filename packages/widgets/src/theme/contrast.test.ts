import { describe, expect, it } from 'vitest';
import { contrastRatio } from './contrast.ts';
import { themeDefaults, type ThemeToken } from './tokens.ts';

const color = (name: ThemeToken) => themeDefaults[name];

/** Every background a widget draws (rows, notices, the selected row, an overdue row…). */
const backgrounds: ThemeToken[] = [
  '--df-color-background',
  '--df-color-surface',
  '--df-color-danger-surface',
  '--df-color-warning-surface',
  '--df-color-success-surface',
];

/** Text and the background it is drawn on, wherever the stylesheet puts them together. */
const textPairs: [ThemeToken, ThemeToken][] = [
  ...backgrounds.flatMap((background): [ThemeToken, ThemeToken][] => [
    ['--df-color-text', background],
    ['--df-color-muted', background],
  ]),
  ['--df-color-primary', '--df-color-background'],
  ['--df-color-danger', '--df-color-background'],
  ['--df-color-danger', '--df-color-danger-surface'],
  ['--df-color-warning', '--df-color-warning-surface'],
  ['--df-color-success', '--df-color-success-surface'],
  ['--df-color-success', '--df-color-background'],
  ['--df-color-primary-contrast', '--df-color-primary'],
  ['--df-color-primary-contrast', '--df-color-danger'],
];

const ratio = ([foreground, background]: [ThemeToken, ThemeToken]) =>
  Math.floor(contrastRatio(color(foreground), color(background)) * 100) / 100;

describe('design tokens', () => {
  it('compute contrast as WCAG does (the audit’s figures for the old tokens)', () => {
    expect(contrastRatio('#f59e0b', '#ffffff')).toBeCloseTo(2.15, 2);
    expect(contrastRatio('#f59e0b', '#f2f4f7')).toBeCloseTo(1.95, 2);
    expect(contrastRatio('#f59e0b', '#c8102e')).toBeCloseTo(2.74, 2);
    expect(contrastRatio('#cbd2d9', '#ffffff')).toBeCloseTo(1.53, 2);
    expect(contrastRatio('rgba(0, 0, 0, 0.5)', 'rgb(255, 255, 255)')).toBeCloseTo(3.98, 2);
  });

  it('give text 4.5:1 on every background it is drawn on (1.4.3)', () => {
    const failing = textPairs.filter((pair) => ratio(pair) < 4.5).map((pair) => `${pair} ${ratio(pair)}`);
    expect(failing).toEqual([]);
  });

  it('give the focus ring and field borders 3:1 against every background they sit on (1.4.11)', () => {
    const pairs = (['--df-color-focus', '--df-color-field-border'] as const).flatMap((mark) =>
      backgrounds.map((background): [ThemeToken, ThemeToken] => [mark, background]),
    );
    const failing = pairs.filter((pair) => ratio(pair) < 3).map((pair) => `${pair} ${ratio(pair)}`);
    expect(failing).toEqual([]);
    // The ring around a danger button must not read as part of it.
    expect(ratio(['--df-color-focus', '--df-color-background'])).toBeGreaterThanOrEqual(4.5);
  });

  it('size text from the browser’s default font size, never from the page’s root', () => {
    expect(color('--df-font-size')).toBe('medium');
    const sizes = Object.entries(themeDefaults).filter(([name]) => /size|space/.test(name));
    expect(sizes.filter(([name, value]) => name !== '--df-font-size' && !value.endsWith('em'))).toEqual([]);
    expect(sizes.filter(([, value]) => value.endsWith('rem') || value.endsWith('px'))).toEqual([]);
  });
});

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stylesheet } from './Styles.tsx';
import { themeDefaults } from './tokens.ts';

const selectorsOf = (css: string) =>
  [...css.replaceAll(/\/\*[\s\S]*?\*\//g, '').matchAll(/([^{}]+)\{[^{}]*\}/g)].flatMap((match) =>
    match[1]!.split(',').map((selector) => selector.trim()),
  );

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory()
      ? sourceFiles(path)
      : /\.tsx?$/.test(name) && !name.includes('.test')
        ? [path]
        : [];
  });

describe('stylesheet', () => {
  it('scopes every rule under .df-root (or the custom element host)', () => {
    const selectors = selectorsOf(stylesheet);
    expect(selectors.length).toBeGreaterThan(30);
    expect(selectors.filter((selector) => !selector.startsWith('.df-root') && selector !== ':host')).toEqual(
      [],
    );
  });

  it('takes every colour, size and shadow from a --df-* variable', () => {
    const [themed, forced] = stylesheet.split('@media (forced-colors: active)') as [string, string];
    const declarations = [
      ...themed.matchAll(
        /(color|background|border-color|box-shadow|font-family|font-size|border-radius):\s*([^;]+);/g,
      ),
    ];
    const literal = declarations.filter(
      ([, , value]) => !value!.includes('var(--df-') && !['inherit', 'none'].includes(value!.trim()),
    );
    expect(literal.map(([declaration]) => declaration)).toEqual([]);
    for (const name of stylesheet.match(/--df-[\w-]+/g) ?? []) expect(themeDefaults).toHaveProperty(name);
    // In forced colours only the officer's system palette: no token, no literal colour.
    const systemColors =
      /^(\d+px \w+ )?(ButtonText|ButtonFace|Canvas|CanvasText|GrayText|Highlight|HighlightText)$/;
    const forcedValues = [...forced.matchAll(/(?:color|background|border[\w-]*):\s*([^;]+);/g)].map(
      ([, value]) => value!.trim(),
    );
    expect(forcedValues.length).toBeGreaterThan(10);
    expect(forcedValues.filter((value) => !systemColors.test(value))).toEqual([]);
  });

  it('never injects markup: no dangerouslySetInnerHTML or innerHTML in the widgets', () => {
    const offenders = sourceFiles(join(import.meta.dirname, '..')).filter((file) =>
      /dangerouslySetInnerHTML|\.innerHTML\s*=/.test(readFileSync(file, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});

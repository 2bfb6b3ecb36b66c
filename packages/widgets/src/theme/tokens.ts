import type { CSSProperties } from 'react';

/**
 * Every visual value the widgets use, as a CSS custom property with its default. A portal
 * overrides any of them on an ancestor (or on the custom element itself), or via the Provider's
 * `theme` prop; the stylesheet reads them as `var(--df-…, default)` so an override anywhere above wins.
 *
 * Text follows the officer's browser: the root is `medium` — the default font size the browser is
 * set to, which the page's own `html { font-size }` does not change (a page's `62.5%` trick would
 * shrink rem-sized widgets to 10 px) — and every other size is in em of it. The colours meet WCAG 2.2
 * AA on the widgets' own backgrounds (contrast.test.ts computes every pair): text 4.5:1, field
 * borders and the focus ring 3:1.
 */
export const themeDefaults = {
  '--df-font-family': 'system-ui, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif',
  '--df-font-size': 'medium',
  '--df-font-size-small': '0.875em',
  '--df-font-size-title': '1.25em',
  '--df-line-height': '1.5',
  '--df-color-text': '#1f2933',
  '--df-color-muted': '#52606d',
  '--df-color-background': '#ffffff',
  '--df-color-surface': '#f5f7fa',
  /** Dividers and group outlines (decoration: no contrast asked). */
  '--df-color-border': '#cbd2d9',
  /** The outline of a field an officer types into or picks from: 3:1 against every background. */
  '--df-color-field-border': '#6b7785',
  '--df-color-primary': '#0b4f9c',
  '--df-color-primary-contrast': '#ffffff',
  '--df-color-danger': '#b42318',
  '--df-color-danger-surface': '#fef3f2',
  '--df-color-warning': '#8a5a00',
  '--df-color-warning-surface': '#fffaeb',
  '--df-color-success': '#067647',
  '--df-color-success-surface': '#ecfdf3',
  '--df-color-focus': '#b45309',
  '--df-color-backdrop': 'rgba(15, 23, 42, 0.45)',
  '--df-radius': '6px',
  '--df-space': '0.5em',
  '--df-shadow': '0 8px 24px rgba(15, 23, 42, 0.18)',
} as const;

export type ThemeToken = keyof typeof themeDefaults;

/** Overrides for some tokens, e.g. `{ '--df-color-primary': '#c8102e' }`. */
export type DoanflowTheme = Partial<Record<ThemeToken, string>>;

/** `var(--df-x, default)`: the only way the stylesheet refers to a visual value. */
export const token = (name: ThemeToken): string => `var(${name}, ${themeDefaults[name]})`;

/** A theme as an inline style for a widget's root element. */
export function themeStyle(theme: DoanflowTheme | undefined): CSSProperties | undefined {
  if (!theme) return undefined;
  const entries = Object.entries(theme).filter(([name]) => name in themeDefaults);
  return entries.length ? (Object.fromEntries(entries) as CSSProperties) : undefined;
}

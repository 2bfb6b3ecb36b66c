import type { CSSProperties } from 'react';

/**
 * Every visual value the widgets use, as a CSS custom property with its default. A portal
 * overrides any of them on an ancestor (or on the custom element itself), or via the Provider's
 * `theme` prop; the stylesheet reads them as `var(--df-…, default)` so an override anywhere above wins.
 */
export const themeDefaults = {
  '--df-font-family': 'system-ui, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif',
  '--df-font-size': '15px',
  '--df-font-size-small': '13px',
  '--df-font-size-title': '1.2em',
  '--df-line-height': '1.5',
  '--df-color-text': '#1f2933',
  '--df-color-muted': '#52606d',
  '--df-color-background': '#ffffff',
  '--df-color-surface': '#f5f7fa',
  '--df-color-border': '#cbd2d9',
  '--df-color-primary': '#0b4f9c',
  '--df-color-primary-contrast': '#ffffff',
  '--df-color-danger': '#b42318',
  '--df-color-danger-surface': '#fef3f2',
  '--df-color-warning': '#8a5a00',
  '--df-color-warning-surface': '#fffaeb',
  '--df-color-success': '#067647',
  '--df-color-success-surface': '#ecfdf3',
  '--df-color-focus': '#f59e0b',
  '--df-color-backdrop': 'rgba(15, 23, 42, 0.45)',
  '--df-radius': '6px',
  '--df-space': '8px',
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

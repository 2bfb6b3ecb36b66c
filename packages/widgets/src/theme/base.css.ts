import { token as v } from './tokens.ts';

/**
 * Root, buttons, fields, status panels and the dialog: the parts every widget shares. The root
 * starts from `all: initial`: whatever the page sets on the element (fonts, colours, spacing…)
 * does not reach inside; only the --df-* variables do (custom properties are not reset by `all`).
 * The root's size is `medium` (the browser's default font size) and the rest is in em: a larger
 * default font grows the widgets, the page's `html { font-size }` does not shrink them (no rem).
 */
export const baseCss = `
:host { display: block; }
.df-root {
  all: initial;
  display: block;
  box-sizing: border-box;
  font-family: ${v('--df-font-family')};
  font-size: ${v('--df-font-size')};
  line-height: ${v('--df-line-height')};
  color: ${v('--df-color-text')};
  background: ${v('--df-color-background')};
  text-align: start;
  container-type: inline-size;
  overflow-wrap: break-word;
  position: relative;
}
.df-root *, .df-root *::before, .df-root *::after { box-sizing: inherit; }
.df-root .df-Widget-title { font-size: ${v('--df-font-size-title')}; font-weight: 600; margin: 0 0 ${v('--df-space')}; }
.df-root .df-Widget-muted { color: ${v('--df-color-muted')}; font-size: ${v('--df-font-size-small')}; }
.df-root .df-VisuallyHidden {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
.df-root .df-Button {
  font: inherit; cursor: pointer; border-radius: ${v('--df-radius')};
  padding: calc(${v('--df-space')} * 0.75) calc(${v('--df-space')} * 1.5);
  border: 1px solid ${v('--df-color-primary')}; background: ${v('--df-color-background')};
  color: ${v('--df-color-primary')};
}
.df-root .df-Button[data-variant="primary"] {
  background: ${v('--df-color-primary')}; color: ${v('--df-color-primary-contrast')};
}
.df-root .df-Button[data-variant="danger"] {
  background: ${v('--df-color-danger')}; border-color: ${v('--df-color-danger')};
  color: ${v('--df-color-primary-contrast')};
}
.df-root .df-Button[data-variant="danger"]::before {
  content: "\\26A0\\FE0E" / ""; margin-inline-end: 0.35em;
}
.df-root .df-Button:disabled { opacity: 0.6; cursor: not-allowed; }
/* A thumb's target on touch screens: 44 px at the default font size (WCAG 2.5.5), 24 px at least anywhere. */
@media (pointer: coarse) {
  .df-root .df-Button, .df-root .df-Link, .df-root select.df-Field-control, .df-root input.df-Field-control { min-height: 2.75em; }
  .df-root input[type="checkbox"], .df-root input[type="radio"] { width: max(1.5em, 24px); height: max(1.5em, 24px); }
}
.df-root :focus-visible { outline: 3px solid ${v('--df-color-focus')}; outline-offset: 2px; }
.df-root .df-Link {
  font: inherit; color: ${v('--df-color-primary')}; text-decoration: underline; cursor: pointer;
}
.df-root .df-Field {
  display: flex; flex-direction: column; gap: 0.25em; margin-bottom: ${v('--df-space')}; min-width: 0;
}
.df-root .df-Field-label { font-weight: 600; }
.df-root .df-Field-control {
  font: inherit; color: inherit; background: ${v('--df-color-background')};
  border: 1px solid ${v('--df-color-field-border')}; border-radius: ${v('--df-radius')};
  padding: calc(${v('--df-space')} * 0.5) ${v('--df-space')}; max-width: 100%;
}
.df-root .df-Field-control[aria-invalid="true"] { border: 2px solid ${v('--df-color-danger')}; }
.df-root .df-Field-error { color: ${v('--df-color-danger')}; font-size: ${v('--df-font-size-small')}; }
.df-root .df-Field-group {
  border: 1px solid ${v('--df-color-border')}; border-radius: ${v('--df-radius')};
  padding: ${v('--df-space')}; margin: 0 0 ${v('--df-space')}; min-width: 0;
}
.df-root .df-Field-choice { display: flex; gap: 0.4em; align-items: center; }
.df-root .df-Status {
  padding: calc(${v('--df-space')} * 1.5); border-radius: ${v('--df-radius')};
  background: ${v('--df-color-surface')}; color: ${v('--df-color-muted')};
}
.df-root .df-Status[data-kind="error"], .df-root .df-Notice[data-kind="error"] {
  background: ${v('--df-color-danger-surface')}; color: ${v('--df-color-danger')};
}
.df-root .df-Status[data-kind="offline"], .df-root .df-Notice[data-kind="warning"] {
  background: ${v('--df-color-warning-surface')}; color: ${v('--df-color-warning')};
}
.df-root .df-Notice {
  padding: ${v('--df-space')}; border-radius: ${v('--df-radius')}; margin-bottom: ${v('--df-space')};
}
.df-root .df-Notice > p { margin: 0; }
.df-root .df-Notice > p + * { margin-top: ${v('--df-space')}; }
.df-root .df-Notice[data-kind="success"] {
  background: ${v('--df-color-success-surface')}; color: ${v('--df-color-success')};
}
.df-root .df-Dialog {
  color: inherit; font: inherit; border: 0;
  background: ${v('--df-color-background')}; border-radius: ${v('--df-radius')};
  box-shadow: ${v('--df-shadow')}; padding: calc(${v('--df-space')} * 2); max-width: min(32em, 90vw);
}
.df-root .df-Dialog::backdrop { background: ${v('--df-color-backdrop')}; }
.df-root .df-Dialog-actions {
  display: flex; flex-wrap: wrap; gap: ${v('--df-space')}; justify-content: flex-end;
}
.df-root .df-ErrorSummary {
  border: 2px solid ${v('--df-color-danger')}; border-radius: ${v('--df-radius')};
  padding: ${v('--df-space')} calc(${v('--df-space')} * 1.5); margin-bottom: ${v('--df-space')};
  background: ${v('--df-color-background')};
}
.df-root .df-ErrorSummary-title { font-size: inherit; margin: 0 0 0.25em; color: ${v('--df-color-danger')}; }
.df-root .df-ErrorSummary-list { margin: 0; padding-inline-start: 1.25em; }
.df-root .df-ErrorSummary .df-Link { color: ${v('--df-color-danger')}; }
`;

import { dossierCss } from '../Dossier/dossier.css.ts';
import { baseCss } from './base.css.ts';
import { widgetsCss } from './widgets.css.ts';

export const stylesheet = baseCss + widgetsCss + dossierCss;

/**
 * Puts the stylesheet next to the widget once: React 19 hoists a `<style>` with `href` and
 * `precedence` to the document head, or to the shadow root when rendered inside one, and dedupes it.
 */
export function DoanflowStyles() {
  return (
    <style href="doanflow-widgets" precedence="doanflow">
      {stylesheet}
    </style>
  );
}

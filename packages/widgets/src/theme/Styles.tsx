import { dossierCss } from '../Dossier/dossier.css.ts';
import { diagramCss } from '../ProgressDiagram/diagram.css.ts';
import { baseCss } from './base.css.ts';
import { forcedColorsCss } from './forced-colors.css.ts';
import { widgetsCss } from './widgets.css.ts';

/** Forced colours last: they override the widgets' own rules of the same specificity. */
export const stylesheet = baseCss + widgetsCss + dossierCss + diagramCss + forcedColorsCss;

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

import { stylesheet } from './Styles.tsx';

let shared: CSSStyleSheet | null | undefined;

/**
 * The widgets' stylesheet as one constructable stylesheet, built once and adopted by every shadow
 * root: a Content-Security-Policy's `style-src` governs `<style>` elements and style attributes,
 * not stylesheets built through the CSS object model, so a strict portal needs no exception.
 * Browsers without constructable stylesheets get a `<style>` element instead.
 */
export function adoptStylesheet(root: ShadowRoot): void {
  if (shared === undefined) {
    try {
      shared = new CSSStyleSheet();
      shared.replaceSync(stylesheet);
    } catch {
      shared = null;
    }
  }
  if (shared && 'adoptedStyleSheets' in root) {
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, shared];
    return;
  }
  const style = document.createElement('style');
  style.textContent = stylesheet;
  root.append(style);
}

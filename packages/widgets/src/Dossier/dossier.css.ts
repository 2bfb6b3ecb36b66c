import { token as v } from '../theme/tokens.ts';

/** The dossier's parts; states from data-* attributes (pending, over, status). */
export const dossierCss = `
.df-root .df-Dossier { margin: calc(2 * ${v('--df-space')}) 0; }
.df-root .df-Dossier-table { width: 100%; border-collapse: collapse; font-size: ${v('--df-font-size-small')}; }
.df-root .df-Dossier-table th, .df-root .df-Dossier-table td {
  text-align: start; padding: calc(${v('--df-space')} / 2); border-bottom: 1px solid ${v('--df-color-border')};
  vertical-align: top; overflow-wrap: anywhere;
}
.df-root .df-Dossier-item[data-pending="true"] { background: ${v('--df-color-warning-surface')}; }
.df-root .df-Dossier-pending { color: ${v('--df-color-warning')}; }
.df-root .df-Dossier-link {
  background: none; border: 0; padding: 0; font: inherit; color: ${v('--df-color-primary')};
  text-decoration: underline; cursor: pointer; text-align: start;
}
.df-root .df-Dossier-add { display: grid; gap: ${v('--df-space')}; margin-top: ${v('--df-space')}; }
.df-root .df-Dossier-drop {
  border: 2px dashed ${v('--df-color-field-border')}; border-radius: ${v('--df-radius')};
  padding: calc(2 * ${v('--df-space')}); text-align: center; background: ${v('--df-color-surface')};
}
.df-root .df-Dossier-drop[data-over="true"] { border-color: ${v('--df-color-primary')}; }
.df-root .df-Dossier-browse { color: ${v('--df-color-primary')}; text-decoration: underline; cursor: pointer; }
.df-root .df-Dossier-input { position: absolute; width: 1px; height: 1px; opacity: 0; overflow: hidden; }
.df-root .df-Dossier-input:focus-visible + p { outline: 2px solid ${v('--df-color-focus')}; }
.df-root .df-Dossier-uploads { list-style: none; margin: 0; padding: 0; }
.df-root .df-Dossier-upload[data-status="failed"] { color: ${v('--df-color-danger')}; }
.df-root .df-Dossier-upload progress { width: min(12em, 100%); vertical-align: middle; }
.df-root .df-Dossier-links { list-style: none; margin: calc(${v('--df-space')} / 2) 0 0; padding: 0; }
/* A thumb's target on touch screens, as for buttons: the preview button and the verify link. */
@media (pointer: coarse) {
  .df-root .df-Dossier-link, .df-root .df-Timeline-verify { display: inline-flex; align-items: center; min-height: 2.75em; }
}
.df-root .df-Dialog.df-Dossier-preview { width: min(90vw, 60em); max-width: 90vw; }
.df-root .df-Dossier-previewFrame { width: 100%; height: 70vh; border: 1px solid ${v('--df-color-border')}; }
.df-root .df-Dossier-previewImage { max-width: 100%; max-height: 70vh; display: block; margin: 0 auto; }
`;

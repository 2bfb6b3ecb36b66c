/**
 * Windows' high-contrast themes (forced colours) replace every colour with the officer's system
 * palette, so what colour alone said must be said otherwise: the current step is drawn in the
 * system's highlight colours with a thick frame (in the diagram too, where the path taken keeps
 * its thick line), a primary button in reverse, a button that cannot
 * be undone with a double frame (and its ⚠ sign, shown in every theme), boxes keep an outline.
 * System colour keywords are the one place the stylesheet names colours that are not --df-* tokens.
 */
export const forcedColorsCss = `
@media (forced-colors: active) {
  .df-root .df-Button { border: 1px solid ButtonText; }
  .df-root .df-Button[data-variant="primary"] {
    forced-color-adjust: none; background: ButtonText; color: ButtonFace; border: 2px solid ButtonText;
  }
  .df-root .df-Button[data-variant="danger"] { border: 4px double ButtonText; }
  .df-root .df-Button:disabled { color: GrayText; border-color: GrayText; }
  .df-root .df-ProgressDiagram-step[data-current="true"] {
    forced-color-adjust: none; background: Highlight; color: HighlightText; border: 3px solid CanvasText;
  }
  .df-root .df-ProgressDiagram-svg { forced-color-adjust: none; }
  .df-root .df-ProgressDiagram-box, .df-root .df-ProgressDiagram-labelBox { fill: Canvas; stroke: CanvasText; }
  .df-root .df-ProgressDiagram-stateText, .df-root .df-ProgressDiagram-eventText { fill: CanvasText; }
  .df-root .df-ProgressDiagram-line, .df-root .df-ProgressDiagram-clock path { stroke: CanvasText; }
  .df-root .df-ProgressDiagram-arrow, .df-root .df-ProgressDiagram-order circle { fill: CanvasText; }
  .df-root .df-ProgressDiagram-order text { fill: Canvas; }
  .df-root .df-ProgressDiagram-node[data-current="true"] > .df-ProgressDiagram-box { fill: Highlight; stroke: CanvasText; }
  .df-root .df-ProgressDiagram-node[data-current="true"] > .df-ProgressDiagram-stateText { fill: HighlightText; }
  .df-root .df-ProgressDiagram-clock circle { fill: Canvas; stroke: CanvasText; }
  .df-root .df-Notice, .df-root .df-Status, .df-root .df-Dialog { border: 1px solid CanvasText; }
  .df-root .df-Inbox-item[data-overdue="true"] { border-inline-start: 4px double CanvasText; }
  .df-root :focus-visible { outline-color: Highlight; }
}
`;

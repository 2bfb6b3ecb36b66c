import { token as v } from '../theme/tokens.ts';

/**
 * The drawing: boxes and lines coloured from tokens through classes and data-* attributes (SVG's
 * fill and stroke are CSS properties), so a portal's theme reaches it and a strict CSP blocks nothing.
 * What colour says is also said in shape: the current step thick and filled, the path taken thick
 * and numbered, a timer's transition dashed with a clock.
 */
export const diagramCss = `
.df-root .df-ProgressDiagram-figure { margin: 0 0 ${v('--df-space')}; }
.df-root .df-ProgressDiagram-zoom { display: flex; flex-wrap: wrap; gap: ${v('--df-space')}; margin-bottom: ${v('--df-space')}; }
.df-root .df-ProgressDiagram-pane {
  overflow: auto; max-height: 75vh; overscroll-behavior: contain;
  border: 1px solid ${v('--df-color-border')}; border-radius: ${v('--df-radius')};
  background: ${v('--df-color-background')};
}
.df-root .df-ProgressDiagram-svg { display: block; font-family: inherit; }
.df-root .df-ProgressDiagram-box { fill: ${v('--df-color-background')}; stroke: ${v('--df-color-field-border')}; stroke-width: 1.5; }
.df-root .df-ProgressDiagram-node[data-kind="compound"] > .df-ProgressDiagram-box,
.df-root .df-ProgressDiagram-node[data-kind="parallel"] > .df-ProgressDiagram-box {
  fill: ${v('--df-color-surface')}; stroke: ${v('--df-color-border')};
}
.df-root .df-ProgressDiagram-stateText { fill: ${v('--df-color-text')}; }
.df-root .df-ProgressDiagram-node[data-visited="true"] > .df-ProgressDiagram-box {
  fill: ${v('--df-color-success-surface')}; stroke: ${v('--df-color-success')}; stroke-width: 2;
}
.df-root .df-ProgressDiagram-node[data-current="true"] > .df-ProgressDiagram-box {
  fill: ${v('--df-color-primary')}; stroke: ${v('--df-color-text')}; stroke-width: 3;
}
.df-root .df-ProgressDiagram-node[data-current="true"] > .df-ProgressDiagram-stateText {
  fill: ${v('--df-color-primary-contrast')}; font-weight: 600;
}
.df-root .df-ProgressDiagram-line { fill: none; stroke: ${v('--df-color-muted')}; stroke-width: 1.2; }
.df-root .df-ProgressDiagram-arrow { fill: ${v('--df-color-muted')}; fill: context-stroke; }
.df-root .df-ProgressDiagram-edge[data-timer="true"] .df-ProgressDiagram-line { stroke-dasharray: 5 4; }
.df-root .df-ProgressDiagram-edge[data-taken="true"] .df-ProgressDiagram-line { stroke: ${v('--df-color-success')}; stroke-width: 3; }
.df-root .df-ProgressDiagram-edge[data-waiting="true"] .df-ProgressDiagram-line { stroke: ${v('--df-color-warning')}; stroke-width: 2.5; }
.df-root .df-ProgressDiagram-labelBox { fill: ${v('--df-color-background')}; fill-opacity: 0.92; }
.df-root .df-ProgressDiagram-eventText { fill: ${v('--df-color-muted')}; }
.df-root .df-ProgressDiagram-edge[data-taken="true"] .df-ProgressDiagram-eventText { fill: ${v('--df-color-success')}; font-weight: 600; }
.df-root .df-ProgressDiagram-edge[data-waiting="true"] .df-ProgressDiagram-eventText { fill: ${v('--df-color-warning')}; font-weight: 600; }
.df-root .df-ProgressDiagram-order circle { fill: ${v('--df-color-success')}; }
.df-root .df-ProgressDiagram-order text { fill: ${v('--df-color-primary-contrast')}; font-weight: 600; }
.df-root .df-ProgressDiagram-clock circle { fill: ${v('--df-color-warning-surface')}; stroke: ${v('--df-color-warning')}; stroke-width: 1.5; }
.df-root .df-ProgressDiagram-clock path { fill: none; stroke: ${v('--df-color-warning')}; stroke-width: 1.5; }

.df-root .df-ProgressDiagram-list { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25em; }
.df-root .df-ProgressDiagram-list .df-ProgressDiagram-list { margin-inline-start: ${v('--df-space')}; }
.df-root .df-ProgressDiagram-step {
  border: 1px solid ${v('--df-color-border')}; border-radius: ${v('--df-radius')};
  padding: 0.1em ${v('--df-space')}; color: ${v('--df-color-muted')}; display: inline-block;
}
.df-root .df-ProgressDiagram-step[data-visited="true"] { color: ${v('--df-color-success')}; border-color: ${v('--df-color-success')}; }
.df-root .df-ProgressDiagram-step[data-visited="true"]::before { content: "\\2713" / ""; margin-inline-end: 0.35em; }
.df-root .df-ProgressDiagram-step[data-current="true"] {
  background: ${v('--df-color-primary')}; color: ${v('--df-color-primary-contrast')};
  border-color: ${v('--df-color-primary')}; font-weight: 600;
}
.df-root .df-ProgressDiagram-step[data-current="true"]::before { content: "\\25B6\\FE0E" / ""; margin-inline-end: 0.35em; }
.df-root .df-ProgressDiagram-step[data-final="true"] { border-style: dashed; }
.df-root .df-ProgressDiagram-timers { margin: 0.25em 0; padding-inline-start: 1.2em; color: ${v('--df-color-warning')}; font-size: ${v('--df-font-size-small')}; }
`;

import { token as v } from './tokens.ts';

/** Layout of each widget's parts; states come from data-* attributes, never from extra classes. */
export const widgetsCss = `
.df-root .df-Inbox-filters {
  display: grid; gap: ${v('--df-space')}; grid-template-columns: repeat(auto-fit, minmax(11em, 1fr));
}
.df-root .df-Inbox-filterToggle { display: none; }
.df-root .df-Inbox-filterToggle[data-active="true"] { font-weight: 600; }
@container (max-width: 40em) {
  .df-root .df-Inbox-filterToggle { display: inline-block; margin-bottom: ${v('--df-space')}; }
  .df-root .df-Inbox-filters[data-open="false"] { display: none; }
}
.df-root .df-Inbox-counts { margin: ${v('--df-space')} 0; color: ${v('--df-color-muted')}; }
.df-root .df-Inbox-list { list-style: none; margin: 0; padding: 0; }
.df-root .df-Inbox-item {
  display: flex; gap: ${v('--df-space')}; align-items: flex-start;
  padding: ${v('--df-space')}; border-bottom: 1px solid ${v('--df-color-border')};
}
.df-root .df-Inbox-item[data-overdue="true"] {
  border-inline-start: 4px solid ${v('--df-color-danger')};
  background: ${v('--df-color-danger-surface')};
}
.df-root .df-Inbox-item[data-selected="true"] { background: ${v('--df-color-surface')}; }
.df-root .df-Inbox-itemBody { flex: 1; min-width: 0; }
.df-root .df-Inbox-subject { font-weight: 600; overflow-wrap: anywhere; }
.df-root .df-Inbox-overdueBadge {
  color: ${v('--df-color-danger')}; font-weight: 600; font-size: ${v('--df-font-size-small')};
}
.df-root .df-Inbox-bulk, .df-root .df-Inbox-footer {
  display: flex; flex-wrap: wrap; gap: ${v('--df-space')}; align-items: flex-end;
  margin: ${v('--df-space')} 0;
}
.df-root .df-Inbox-results { list-style: none; padding: 0; }
.df-root .df-Inbox-result[data-ok="false"] { color: ${v('--df-color-danger')}; }
.df-root .df-Inbox-result[data-ok="true"] { color: ${v('--df-color-success')}; }

.df-root .df-ApprovalPanel-summary {
  display: grid; grid-template-columns: minmax(0, max-content) minmax(0, 1fr); gap: 0.25em 1em; margin: 0;
}
.df-root .df-ApprovalPanel-summaryRow { display: contents; }
.df-root .df-ApprovalPanel-summaryKey { color: ${v('--df-color-muted')}; overflow-wrap: anywhere; }
.df-root .df-ApprovalPanel-summaryValue { margin: 0; overflow-wrap: anywhere; min-width: 0; }
.df-root .df-ApprovalPanel-summaryValue ul { margin: 0; padding-inline-start: 1.1em; }
.df-root .df-ApprovalPanel-summaryValue .df-ApprovalPanel-summary { grid-template-columns: minmax(0, max-content) minmax(0, 1fr); }
@container (max-width: 30em) {
  .df-root .df-ApprovalPanel-summary { grid-template-columns: minmax(0, 1fr); }
  .df-root .df-ApprovalPanel-summaryValue { margin-bottom: 0.4em; }
}
.df-root .df-ApprovalPanel-next { display: flex; flex-wrap: wrap; gap: ${v('--df-space')}; margin-top: 0.4em; }
.df-root .df-ApprovalPanel-decisions { display: flex; flex-wrap: wrap; gap: ${v('--df-space')}; }
.df-root .df-ApprovalPanel-decision[aria-pressed="true"] { outline: 2px solid ${v('--df-color-primary')}; }
.df-root .df-ApprovalPanel-form { margin-top: ${v('--df-space')}; }

.df-root .df-Timeline-list { list-style: none; margin: 0; padding: 0; }
.df-root .df-Timeline-entry {
  border-inline-start: 3px solid ${v('--df-color-primary')};
  padding: 0 0 ${v('--df-space')} ${v('--df-space')}; margin-bottom: ${v('--df-space')};
}
.df-root .df-Timeline-entry[data-kind="timer"] { border-inline-start-color: ${v('--df-color-muted')}; }
.df-root .df-Timeline-decision { font-weight: 600; }
.df-root .df-Timeline-signature { font-size: ${v('--df-font-size-small')}; letter-spacing: 0.02em; }
.df-root .df-Timeline-comment {
  margin: 0.25em 0 0; white-space: pre-wrap; overflow-wrap: anywhere;
  background: ${v('--df-color-surface')}; border-radius: ${v('--df-radius')}; padding: 0.25em ${v('--df-space')};
}
.df-root .df-Timeline-timers { margin-top: ${v('--df-space')}; }

.df-root .df-Dashboard-controls { display: flex; flex-wrap: wrap; align-items: center; gap: ${v('--df-space')}; }
.df-root .df-Dashboard-downloads { display: flex; flex-wrap: wrap; gap: ${v('--df-space')}; }
.df-root .df-Dashboard-period { color: ${v('--df-color-muted')}; }
.df-root .df-Dashboard-sectionTitle { font-size: ${v('--df-font-size')}; margin: 1em 0 0.25em; }
.df-root .df-Dashboard-table { width: 100%; border-collapse: collapse; }
.df-root .df-Dashboard-table th, .df-root .df-Dashboard-table td {
  text-align: start; vertical-align: top; padding: 0.25em 0; border-bottom: 1px solid ${v('--df-color-border')};
}
.df-root .df-Dashboard-table th { font-weight: 400; width: 45%; padding-inline-end: ${v('--df-space')}; overflow-wrap: anywhere; }
.df-root .df-Dashboard-words { display: block; font-size: ${v('--df-font-size-small')}; }
.df-root .df-Dashboard-bar { display: block; }
.df-root .df-Dashboard-target { fill: ${v('--df-color-surface')}; stroke: ${v('--df-color-border')}; }
.df-root .df-Dashboard-value { fill: ${v('--df-color-primary')}; }

.df-root .df-Queue { display: grid; gap: ${v('--df-space')}; margin: ${v('--df-space')} 0; }
.df-root .df-Queue p { margin: 0 0 0.25em; }
.df-root .df-Queue-list { margin: 0.25em 0; padding: 0; list-style: none; }
.df-root .df-Queue-item, .df-root .df-Queue-actions {
  display: flex; flex-wrap: wrap; gap: ${v('--df-space')}; align-items: center; margin-bottom: 0.25em;
}
.df-root .df-Queue-outcomes { display: grid; gap: ${v('--df-space')}; }
.df-root .df-Queue-outcomes:empty { display: none; }

.df-root .df-StartForm-actions { display: flex; gap: ${v('--df-space')}; }
`;

import type { ReportSection, SectionCell } from './report-sections.ts';

/** Byte order mark: without it Excel reads the UTF-8 file as a legacy code page and garbles Vietnamese. */
const BOM = '\uFEFF';

/**
 * A cell starting with = + - @ (or a tab / carriage return) is read by spreadsheets as a formula:
 * prefixed with an apostrophe it stays text (OWASP's CSV injection advice). Numbers are not touched.
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
export function csvField(cell: SectionCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  const text = neutraliseFormula(typeof cell === 'string' ? cell : cell.date);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Every section one after the other: its title, its header row, its rows, a blank line between. */
export function reportCsv(sections: readonly ReportSection[]): string {
  const lines: string[] = [];
  for (const [index, section] of sections.entries()) {
    if (index > 0) lines.push('');
    lines.push(csvField(section.title));
    lines.push(section.headers.map(csvField).join(','));
    for (const row of section.rows) lines.push(row.map(csvField).join(','));
  }
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

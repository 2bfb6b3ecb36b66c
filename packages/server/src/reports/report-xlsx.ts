import type { Cell, Row, Sheet } from 'write-excel-file/node';
import type { ReportSection, SectionCell } from './report-sections.ts';

const header = (text: string): Cell => ({ value: text, fontWeight: 'bold', wrap: true });

/** A calendar day as a date cell (midnight UTC: Excel's dates carry no zone), shown dd/mm/yyyy. */
function cellOf(cell: SectionCell): Cell {
  if (cell === null) return null;
  if (typeof cell === 'number')
    return { value: cell, type: Number, format: Number.isInteger(cell) ? '0' : '0.00' };
  if (typeof cell === 'string') return { value: cell, type: String };
  return { value: new Date(`${cell.date}T00:00:00Z`), type: Date, format: 'dd/mm/yyyy' };
}

/** The report as a workbook officers forward: one sheet per section, a bold header row kept in view. */
export async function reportXlsx(sections: readonly ReportSection[]): Promise<Buffer> {
  const sheets: Sheet<never>[] = sections.map((section) => {
    const data: Row[] = [section.headers.map(header), ...section.rows.map((row) => row.map(cellOf))];
    return {
      data,
      sheet: section.sheet,
      stickyRowsCount: 1,
      columns: section.headers.map((text, index) => ({
        width: index === 0 ? 36 : Math.max(12, text.length + 2),
      })),
    };
  });
  // Loaded at the first workbook (issue 15, memory): most servers never make one.
  const { default: writeExcelFile } = await import('write-excel-file/node');
  return (await writeExcelFile(sheets).toBuffer()) as Buffer;
}

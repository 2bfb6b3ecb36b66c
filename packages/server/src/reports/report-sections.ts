import type { UnitReport } from '@doanflow/client';
import type { WorkflowRegistry } from '@doanflow/engine';

/** A cell as both exports write it: text, a number, or a calendar day ("YYYY-MM-DD"). */
export type SectionCell = string | number | { date: string } | null;

/** One section of the report: a sheet of the spreadsheet, a block of the CSV. */
export interface ReportSection {
  /** The sheet's name (at most 31 characters, none of []:*?/\). */
  sheet: string;
  title: string;
  headers: string[];
  rows: SectionCell[][];
}

const ratingWords: Record<string, string> = {
  outstanding: 'Hoàn thành xuất sắc nhiệm vụ',
  good: 'Hoàn thành tốt nhiệm vụ',
  completed: 'Hoàn thành nhiệm vụ',
  notCompleted: 'Không hoàn thành nhiệm vụ',
  pending: 'Chưa xếp loại',
};

/**
 * The report in officers' words (Vietnamese headers, workflow and step names as the portal shows
 * them), section by section: what the XLSX and CSV exports both write.
 */
export function reportSections(report: UnitReport, registry: WorkflowRegistry): ReportSection[] {
  const workflowName = (id: string) => (registry.versions(id).length > 0 ? registry.get(id).title.vi : id);
  const stepName = (workflowId: string, step: string) => {
    if (step === '*') return 'Toàn bộ quy trình';
    if (registry.versions(workflowId).length === 0) return step;
    const states = registry.get(workflowId).states;
    return states[step]?.vi ?? states[step.split('.').at(-1) ?? step]?.vi ?? step;
  };
  return [
    {
      sheet: 'Thông tin',
      title: 'Báo cáo',
      headers: ['Mục', 'Giá trị'],
      rows: [
        ['Đơn vị', report.unitName],
        ['Mã đơn vị', report.unitId],
        ['Phạm vi', report.subtree ? 'Đơn vị và các đơn vị trực thuộc' : 'Riêng đơn vị'],
        ['Từ ngày', { date: report.from }],
        ['Đến ngày', { date: report.to }],
        ['Lập lúc', report.generatedAt],
      ],
    },
    {
      sheet: 'Việc đang mở',
      title: 'Việc đang mở và quá hạn theo bước',
      headers: ['Quy trình', 'Bước', 'Đang mở', 'Quá hạn'],
      rows: report.openTasks.map((row) => [
        workflowName(row.workflowId),
        stepName(row.workflowId, row.step),
        row.open,
        row.overdue,
      ]),
    },
    {
      sheet: 'Thời gian xử lý',
      title: 'Thời gian xử lý (giờ) theo quy trình và bước',
      headers: ['Quy trình', 'Bước', 'Số lượt', 'Trung vị (giờ)', 'P90 (giờ)'],
      rows: report.leadTimes.map((row) => [
        workflowName(row.workflowId),
        stepName(row.workflowId, row.step),
        row.count,
        row.p50Hours,
        row.p90Hours,
      ]),
    },
    {
      sheet: 'Xếp loại chi đoàn',
      title: 'Xếp loại chi đoàn theo mức',
      headers: ['Mức xếp loại', 'Số chi đoàn'],
      rows: report.ratings.map((row) => [ratingWords[row.level] ?? row.level, row.branches]),
    },
    {
      sheet: 'Khen thưởng',
      title: 'Đợt khen thưởng so với chỉ tiêu',
      headers: ['Đợt', 'Hạn nộp', 'Đơn vị', 'Chỉ tiêu', 'Đã nộp', 'Được khen thưởng'],
      rows: report.awards.map((row) => [
        row.round,
        { date: row.deadline },
        row.unitName,
        row.quota,
        row.submitted,
        row.awarded,
      ]),
    },
    {
      sheet: 'Ngày công 1+2',
      title: 'Số ngày xuống cơ sở "1+2" của cán bộ so với chỉ tiêu năm',
      headers: ['Cán bộ', 'Đơn vị', 'Số ngày đã tính', 'Chỉ tiêu (ngày)', 'Còn thiếu', 'Miễn'],
      rows: report.fieldDays.map((row) => [
        row.cadreName,
        row.unitName,
        row.creditedDays,
        row.quotaDays,
        row.exempt ? 0 : Math.max(0, row.quotaDays - row.creditedDays),
        row.exempt ? 'Có' : 'Không',
      ]),
    },
    {
      sheet: 'Chuyển sinh hoạt',
      title: 'Chuyển sinh hoạt đoàn đến và đi',
      headers: ['Đơn vị', 'Chuyển đến', 'Chuyển đi', 'Đã tiếp nhận', 'Đã chuyển xong'],
      rows: report.transfers.map((row) => [
        row.unitName,
        row.incoming,
        row.outgoing,
        row.completedIncoming,
        row.completedOutgoing,
      ]),
    },
  ];
}

/** A file name officers recognise: "Báo cáo <unit> <from> đến <to>". */
export function reportFileName(report: UnitReport, extension: 'xlsx' | 'csv'): string {
  return `Báo cáo ${report.unitName} ${report.from} đến ${report.to}.${extension}`;
}

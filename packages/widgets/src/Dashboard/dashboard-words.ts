import type { Locale } from '@doanflow/client';

/**
 * The dashboard's own words, Vietnamese first: kept out of the shared catalogues so that a portal
 * without the dashboard does not carry them (the widgets' size budgets).
 */
const vi = {
  title: 'Báo cáo {unit}',
  year: 'Năm báo cáo',
  period: 'Từ {from} đến {to}',
  download: 'Tải báo cáo',
  xlsx: 'Tải Excel (XLSX)',
  csv: 'Tải CSV',
  ratings: 'Xếp loại chi đoàn',
  fieldDays: 'Ngày xuống cơ sở "1+2" so với chỉ tiêu',
  openTasks: 'Việc đang mở theo bước',
  leadTimes: 'Thời gian xử lý theo bước',
  awards: 'Khen thưởng so với chỉ tiêu',
  transfers: 'Chuyển sinh hoạt đến và đi',
  none: 'Không có số liệu trong kỳ.',
  'level.outstanding': 'Hoàn thành xuất sắc nhiệm vụ',
  'level.good': 'Hoàn thành tốt nhiệm vụ',
  'level.completed': 'Hoàn thành nhiệm vụ',
  'level.notCompleted': 'Không hoàn thành nhiệm vụ',
  'level.pending': 'Chưa xếp loại',
  days: '{credited}/{quota} ngày',
  exempt: 'được miễn',
  openCount: '{open} việc, {overdue} quá hạn',
  wholeWorkflow: 'Toàn bộ quy trình',
  hours: 'Trung vị {p50} giờ, P90 {p90} giờ ({count} lượt)',
  awardCount: 'Nộp {submitted}/{quota}, được khen {awarded}',
  transferCount: 'Đến {incoming}, đi {outgoing}',
} as const;

type DashboardWordKey = keyof typeof vi;

const en: Record<DashboardWordKey, string> = {
  title: 'Report of {unit}',
  year: 'Report year',
  period: 'From {from} to {to}',
  download: 'Download the report',
  xlsx: 'Download Excel (XLSX)',
  csv: 'Download CSV',
  ratings: 'Branch ratings',
  fieldDays: '"1+2" field days against the quota',
  openTasks: 'Open tasks by step',
  leadTimes: 'Lead times by step',
  awards: 'Awards against quotas',
  transfers: 'Transfers in and out',
  none: 'No figures in this period.',
  'level.outstanding': 'Outstanding',
  'level.good': 'Good',
  'level.completed': 'Completed',
  'level.notCompleted': 'Not completed',
  'level.pending': 'Not yet rated',
  days: '{credited}/{quota} days',
  exempt: 'exempt',
  openCount: '{open} tasks, {overdue} overdue',
  wholeWorkflow: 'Whole workflow',
  hours: 'Median {p50} h, P90 {p90} h ({count} times)',
  awardCount: 'Submitted {submitted}/{quota}, awarded {awarded}',
  transferCount: 'In {incoming}, out {outgoing}',
};

const catalogues: Record<Locale, Record<DashboardWordKey, string>> = { vi, en };

/** A dashboard string in the officer's language, `{name}` replaced by its value. */
export function dashboardWords(locale: Locale) {
  const words = catalogues[locale] ?? vi;
  return (key: DashboardWordKey, values: Record<string, string | number> = {}) =>
    words[key].replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole));
}

import type { Label } from '../../define-workflow.ts';

/** What its reminders and escalations say (`{name}` is filled from the notice's data). */
export const fieldVisitNotices: Readonly<Record<string, Label>> = {
  'fieldVisit.planningOpen': {
    vi: 'Mở đăng ký kế hoạch đi cơ sở quý {quarter} năm {year}',
    en: 'Field-visit planning for quarter {quarter} of {year} is open',
  },
  'fieldVisit.planReminder': {
    vi: 'Nhắc việc: đồng chí chưa đăng ký kế hoạch đi cơ sở quý {quarter}',
    en: 'Reminder: your field-visit plan for quarter {quarter} is not registered yet',
  },
  'fieldVisit.planOverdue': {
    vi: 'Đồng chí {cadreId} quá hạn đăng ký kế hoạch đi cơ sở quý {quarter}',
    en: '{cadreId} is late registering the field-visit plan for quarter {quarter}',
  },
  'fieldVisit.confirmVisit': {
    vi: 'Đề nghị cơ sở xác nhận lịch đi cơ sở của đồng chí {cadreId}',
    en: "Please confirm {cadreId}'s field visit",
  },
  'fieldVisit.hostDeclined': {
    vi: 'Cơ sở không nhận lịch đi cơ sở; đề nghị đồng chí chọn đợt khác',
    en: 'The host declined the visit; please choose another trip',
  },
  'fieldVisit.reportOverdue': {
    vi: 'Quá hạn nộp báo cáo kết quả đi cơ sở',
    en: 'The field-visit report is overdue',
  },
  'fieldVisit.revisedReportDue': {
    vi: 'Đề nghị bổ sung và nộp lại báo cáo kết quả đi cơ sở',
    en: 'Please revise and resubmit the field-visit report',
  },
};

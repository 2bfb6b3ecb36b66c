import type { Label } from '../../define-workflow.ts';

export const fieldVisitTitle: Label = {
  vi: 'Cán bộ đoàn đi cơ sở (chủ trương "1+2")',
  en: 'Cadre field visits ("1+2" policy)',
};

export const fieldVisitDescription: Label = {
  vi: 'Đăng ký kế hoạch đi cơ sở đầu quý, duyệt và cử đi công tác, đi cơ sở theo phương châm "đi trước, về sau", báo cáo trong 10 ngày, tổng hợp số ngày đi cơ sở so với chỉ tiêu năm.',
  en: 'Quarterly field-visit plans, approval and travel orders, trips that "go before and come back after", the report within 10 days, and days at the grassroots against the yearly quota.',
};

export const fieldVisitStateLabels: Record<string, Label> = {
  year: { vi: 'Năm thực hiện đi cơ sở', en: 'Field-visit year' },
  'year.awaitingQuarter': { vi: 'Chờ sang quý mới', en: 'Awaiting the next quarter' },
  'year.quarter': { vi: 'Thực hiện kế hoạch quý', en: 'Quarter under way' },
  'year.quarter.planning': { vi: 'Đăng ký kế hoạch đi cơ sở', en: 'Registering the quarterly plan' },
  'year.quarter.headReview': { vi: 'Trưởng ban xem xét kế hoạch', en: 'Department head review' },
  'year.quarter.standingApproval': {
    vi: 'Thường trực duyệt, cử đi cơ sở',
    en: 'Standing secretary approval',
  },
  'year.quarter.trip': { vi: 'Đợt đi cơ sở', en: 'Field trip' },
  'year.quarter.trip.scheduled': { vi: 'Chờ cơ sở xác nhận', en: 'Awaiting host confirmation' },
  'year.quarter.trip.hostConfirmed': { vi: 'Cơ sở đã xác nhận', en: 'Confirmed by the host' },
  'year.quarter.trip.preparing': {
    vi: 'Đi trước: hướng dẫn cơ sở chuẩn bị',
    en: 'Going before: helping prepare',
  },
  'year.quarter.trip.onSite': { vi: 'Đang công tác tại cơ sở', en: 'On site' },
  'year.quarter.trip.reporting': {
    vi: 'Về sau: đánh giá, báo cáo kết quả',
    en: 'Coming back after: evaluation and report',
  },
  'year.quarter.trip.reportReview': { vi: 'Trưởng ban xem xét báo cáo', en: 'Report review' },
  compliant: { vi: 'Đạt chỉ tiêu đi cơ sở', en: 'Quota met' },
  shortfall: { vi: 'Chưa đạt chỉ tiêu đi cơ sở', en: 'Quota not met' },
  exempted: { vi: 'Được miễn đi cơ sở', en: 'Exempted' },
};

export const fieldVisitEventLabels: Record<string, Label> = {
  SUBMIT_PLAN: { vi: 'Đăng ký kế hoạch đi cơ sở', en: 'Submit the plan' },
  APPROVE_PLAN: { vi: 'Đồng ý kế hoạch', en: 'Approve the plan' },
  RETURN_PLAN: { vi: 'Trả lại kế hoạch', en: 'Return the plan' },
  ISSUE_TRAVEL_ORDER: { vi: 'Ký quyết định cử đi cơ sở', en: 'Issue the travel order' },
  HOST_CONFIRM: { vi: 'Cơ sở xác nhận tiếp đón', en: 'Confirm the visit' },
  HOST_DECLINE: { vi: 'Cơ sở đề nghị không tổ chức', en: 'Decline the visit' },
  CANCEL_TRIP: { vi: 'Hủy đợt đi cơ sở', en: 'Cancel the trip' },
  LOG_PREPARATION: { vi: 'Ghi nhận buổi đi trước', en: 'Log a preparation visit' },
  START_VISIT: { vi: 'Bắt đầu công tác tại cơ sở', en: 'Arrive on site' },
  END_VISIT: { vi: 'Kết thúc công tác tại cơ sở', en: 'Leave the site' },
  SUBMIT_REPORT: { vi: 'Nộp báo cáo kết quả đi cơ sở', en: 'Submit the report' },
  ACCEPT_REPORT: { vi: 'Duyệt báo cáo, ghi nhận ngày đi cơ sở', en: 'Accept the report and credit the days' },
  RETURN_REPORT: { vi: 'Trả lại báo cáo', en: 'Return the report' },
  REQUEST_EXEMPTION: { vi: 'Đề nghị miễn đi cơ sở', en: 'Request an exemption' },
  GRANT_EXEMPTION: { vi: 'Quyết định miễn đi cơ sở', en: 'Grant the exemption' },
  REFUSE_EXEMPTION: { vi: 'Không đồng ý miễn', en: 'Refuse the exemption' },
  QUARTER_OPENED: { vi: 'Mở đăng ký kế hoạch quý', en: 'Quarter opened' },
  PLAN_REMINDER: { vi: 'Nhắc đăng ký kế hoạch', en: 'Plan reminder' },
  PLAN_OVERDUE: { vi: 'Quá hạn đăng ký kế hoạch', en: 'Plan overdue' },
  REPORT_OVERDUE: { vi: 'Quá hạn nộp báo cáo', en: 'Report overdue' },
  YEAR_ENDED: { vi: 'Kết thúc năm, tổng hợp ngày đi cơ sở', en: 'Year ended' },
};

/** What v2 adds (issue 11): choosing the next trip and unplanned trips. */
export const fieldVisitEventLabelsV2: Record<string, Label> = {
  ...fieldVisitEventLabels,
  CHOOSE_NEXT_TRIP: { vi: 'Chọn đợt đi cơ sở thực hiện trước', en: 'Take another trip first' },
  REGISTER_UNPLANNED_TRIP: { vi: 'Đăng ký đi công tác đột xuất', en: 'Register an unplanned trip' },
  APPROVE_UNPLANNED_TRIP: { vi: 'Công nhận chuyến đi đột xuất', en: 'Approve the unplanned trip' },
  REFUSE_UNPLANNED_TRIP: { vi: 'Không công nhận chuyến đi đột xuất', en: 'Refuse the unplanned trip' },
};

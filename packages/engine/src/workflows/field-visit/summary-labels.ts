import type { SummaryField } from '../../define-workflow.ts';
import { signedDocumentLabels } from '../summary-words.ts';

/** The cadre's year's summary fields that its input and payloads do not label. */
export const fieldVisitSummaryLabels: Readonly<Record<string, SummaryField>> = {
  ...signedDocumentLabels,
  quarter: { label: { vi: 'Quý', en: 'Quarter' } },
  creditedDays: { label: { vi: 'Số ngày đã được tính', en: 'Days credited' } },
  quotaDays: { label: { vi: 'Số ngày phải thực hiện trong năm', en: 'Days required this year' } },
  plan: { label: { vi: 'Kế hoạch đi cơ sở của quý', en: 'The quarter’s plan' } },
  travelOrder: { label: { vi: 'Quyết định cử cán bộ đi cơ sở', en: 'Travel order' } },
  activeTrip: { label: { vi: 'Chuyến đi cơ sở đang thực hiện', en: 'Current trip' } },
  status: {
    label: { vi: 'Tình trạng', en: 'Status' },
    values: {
      planned: { vi: 'Đã lên kế hoạch', en: 'Planned' },
      active: { vi: 'Đang thực hiện', en: 'Under way' },
      reviewed: { vi: 'Đã đánh giá', en: 'Reviewed' },
      declined: { vi: 'Cơ sở không nhận', en: 'Declined by the host' },
      cancelled: { vi: 'Đã hủy', en: 'Cancelled' },
      unfinished: { vi: 'Chưa hoàn thành', en: 'Unfinished' },
      pendingApproval: { vi: 'Chờ công nhận', en: 'Awaiting approval' },
      refused: { vi: 'Không được công nhận', en: 'Not approved' },
    },
  },
  id: { label: { vi: 'Mã chuyến đi', en: 'Trip' } },
  report: { label: { vi: 'Báo cáo kết quả đi cơ sở', en: 'Visit report' } },
  reportLate: { label: { vi: 'Báo cáo nộp trễ', en: 'Report handed in late' } },
  returnComment: { label: { vi: 'Ý kiến khi trả lại báo cáo', en: 'Comment on returning the report' } },
  closingReason: { label: { vi: 'Lý do chuyến đi không thực hiện', en: 'Why the trip did not take place' } },
  hostConfirmedBy: { label: { vi: 'Cơ sở xác nhận bởi', en: 'Confirmed by the host' } },
  preparationVisits: { label: { vi: 'Các lần đi trước', en: 'Preparation visits' } },
  on: { label: { vi: 'Ngày', en: 'On' } },
  lateReports: { label: { vi: 'Số báo cáo nộp trễ', en: 'Reports handed in late' } },
  lateQuarterPlans: { label: { vi: 'Số kế hoạch quý nộp trễ', en: 'Quarter plans handed in late' } },
  exemptionRequest: { label: { vi: 'Đề nghị miễn đi cơ sở', en: 'Exemption request' } },
  exemption: { label: { vi: 'Được miễn đi cơ sở', en: 'Exemption granted' } },
  requestedAt: { label: { vi: 'Đề nghị lúc', en: 'Requested at' } },
  submittedAt: { label: { vi: 'Nộp báo cáo lúc', en: 'Report submitted at' } },
};

/** v2's summary adds the unplanned trips and the credited trips sent to the cadre's review. */
export const fieldVisitSummaryLabelsV2: Readonly<Record<string, SummaryField>> = {
  ...fieldVisitSummaryLabels,
  unplannedTrips: { label: { vi: 'Chuyến đi công tác đột xuất', en: 'Unplanned trips' } },
  creditedTrips: { label: { vi: 'Các chuyến đã tính ngày', en: 'Trips credited' } },
  unplanned: { label: { vi: 'Đột xuất', en: 'Unplanned' } },
  signature: { label: { vi: 'Chữ ký', en: 'Signature' } },
  heading: { label: { vi: 'Thể thức ký', en: 'Signed as' } },
  title: { label: { vi: 'Chức vụ người ký', en: "Signer's title" } },
  office: { label: { vi: 'Chức danh', en: 'Office' } },
  name: { label: { vi: 'Họ và tên', en: 'Name' } },
};

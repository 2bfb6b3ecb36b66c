import type { Label, SummaryField } from '../../define-workflow.ts';
import { classificationLabels } from '../branch-review/labels.ts';
import { visitQualityLabels } from '../field-visit/schema.ts';
import { hostCommentLabels } from '../summary-words.ts';

export const yearEndReviewTitle: Label = {
  vi: 'Đánh giá, xếp loại đoàn viên và cán bộ cuối năm',
  en: 'Year-end review of a member or cadre',
};
export const yearEndReviewDescription: Label = {
  vi:
    'Đoàn viên tự kiểm điểm, Ban Thường vụ đoàn cơ sở công nhận xếp loại; cán bộ tự kiểm điểm, Thường ' +
    'trực quyết định. Hồ sơ trong năm (nhận xét của nơi sinh hoạt tạm thời/nơi cư trú, ngày đi cơ sở ' +
    '"1+2" và chất lượng) được đọc khi bắt đầu và khi quyết định, và giới hạn mức xếp loại.',
  en:
    'The member assesses themself and the base standing committee recognises the rating; a cadre ' +
    'assesses themself and the standing secretaries decide. The year’s record (host comments, ' +
    '"1+2" credited days and quality) is read at the start and at the decision, and caps the rating.',
};

export const yearEndReviewStateLabels: Record<string, Label> = {
  selfAssessment: { vi: 'Tự kiểm điểm', en: 'Self-assessment' },
  decision: { vi: 'Chờ xét, công nhận xếp loại', en: 'Awaiting the rating decision' },
  decided: { vi: 'Đã xếp loại', en: 'Rated' },
};

export const yearEndReviewEventLabels: Record<string, Label> = {
  SUBMIT_SELF_ASSESSMENT: { vi: 'Gửi bản tự kiểm điểm', en: 'Submit the self-assessment' },
  DECIDE: { vi: 'Quyết định xếp loại', en: 'Decide the rating' },
  RETURN: { vi: 'Trả lại để bổ sung', en: 'Return for more' },
};

/** The record's facts in words, wherever the approval panel shows the summary. */
export const yearEndReviewSummaryLabels: Record<string, SummaryField> = {
  unitId: { label: { vi: 'Chi đoàn / cơ quan', en: 'Branch or body' } },
  record: { label: { vi: 'Hồ sơ trong năm', en: 'The year’s record' } },
  hostComments: { label: { vi: 'Nhận xét của nơi sinh hoạt tạm thời / nơi cư trú', en: 'Host comments' } },
  ...hostCommentLabels,
  recommendTopRating: { label: { vi: 'Đề nghị xếp loại xuất sắc', en: 'Recommends the top rating' } },
  hostBranchId: { label: { vi: 'Chi đoàn nhận xét', en: 'Host branch' } },
  sourceInstanceId: { label: { vi: 'Hồ sơ nguồn', en: 'Source case' } },
  fieldVisit: { label: { vi: 'Đi cơ sở "1+2" trong năm', en: 'Field visits "1+2" this year' } },
  outcome: {
    label: { vi: 'Kết quả', en: 'Outcome' },
    values: {
      compliant: { vi: 'Đủ số ngày', en: 'Quota met' },
      shortfall: { vi: 'Thiếu số ngày', en: 'Short of the quota' },
      exempted: { vi: 'Được miễn', en: 'Exempted' },
    },
  },
  creditedDays: { label: { vi: 'Số ngày được tính', en: 'Credited days' } },
  quotaDays: { label: { vi: 'Số ngày phải đi', en: 'Days required' } },
  tripsReviewed: { label: { vi: 'Số chuyến đã đánh giá', en: 'Trips reviewed' } },
  qualities: { label: { vi: 'Chất lượng các chuyến', en: 'Quality of the trips' } },
  count: { label: { vi: 'Số chuyến', en: 'Trips' } },
  reportsLate: { label: { vi: 'Báo cáo nộp trễ', en: 'Late reports' } },
  trips: { label: { vi: 'Các chuyến được tính ngày', en: 'Credited trips' } },
  tripId: { label: { vi: 'Chuyến', en: 'Trip' } },
  hostUnitId: { label: { vi: 'Đơn vị cơ sở', en: 'Unit visited' } },
  quality: { label: { vi: 'Chất lượng', en: 'Quality' }, values: visitQualityLabels },
  unplanned: { label: { vi: 'Đột xuất', en: 'Unplanned' } },
  cap: { label: { vi: 'Mức xếp loại cao nhất theo hồ sơ', en: 'Best rating the record allows' } },
  best: { label: { vi: 'Mức cao nhất', en: 'Best rating' }, values: classificationLabels },
  reason: {
    label: { vi: 'Lý do', en: 'Why' },
    values: {
      noHostRecommendation: {
        vi: 'Nơi sinh hoạt tạm thời/cư trú không đề nghị xếp loại xuất sắc',
        en: 'The host branch did not recommend the top rating',
      },
      fieldVisitShortfall: { vi: 'Chưa đủ số ngày đi cơ sở', en: 'Short of the field-visit days' },
      fieldVisitOpen: { vi: 'Chưa có kết quả đi cơ sở của năm', en: 'No field-visit result for the year' },
    },
  },
  selfAssessment: { label: { vi: 'Tự kiểm điểm', en: 'Self-assessment' } },
  rating: { label: { vi: 'Xếp loại', en: 'Rating' }, values: classificationLabels },
  summary: { label: { vi: 'Nội dung', en: 'Text' } },
  submittedAt: { label: { vi: 'Gửi lúc', en: 'Submitted at' } },
  returnedWith: { label: { vi: 'Yêu cầu bổ sung', en: 'Returned with' } },
  decision: { label: { vi: 'Quyết định', en: 'Decision' } },
  reasons: { label: { vi: 'Nhận xét, lý do', en: 'Reasons' } },
  decidedBy: { label: { vi: 'Người quyết định', en: 'Decided by' } },
  decidedAt: { label: { vi: 'Quyết định lúc', en: 'Decided at' } },
};

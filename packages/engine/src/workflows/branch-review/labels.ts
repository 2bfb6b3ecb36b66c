import type { Label } from '../../define-workflow.ts';
import type { ClassificationLevel } from './schema.ts';

export const branchReviewTitle: Label = {
  vi: 'Đánh giá, xếp loại chi đoàn',
  en: 'Branch review',
};

export const branchReviewDescription: Label = {
  vi: 'Sổ theo dõi mô hình "3 có" và "2 giao, 1 liên kết" trong năm; chi đoàn tự đánh giá, Ban Thường vụ đoàn cơ sở thẩm định, Đoàn cấp trên trực tiếp xét duyệt, công bố và giải quyết kiến nghị.',
  en: 'The year\'s log of the "three haves" and "two briefings, one link" models; the branch assesses itself, the base standing committee appraises, the level above decides, publishes and hears appeals.',
};

export const classificationLabels: Record<ClassificationLevel, Label> = {
  outstanding: { vi: 'Hoàn thành xuất sắc nhiệm vụ', en: 'Outstanding' },
  good: { vi: 'Hoàn thành tốt nhiệm vụ', en: 'Good' },
  completed: { vi: 'Hoàn thành nhiệm vụ', en: 'Completed' },
  notCompleted: { vi: 'Không hoàn thành nhiệm vụ', en: 'Not completed' },
};

export const branchReviewStateLabels: Record<string, Label> = {
  yearRound: { vi: 'Theo dõi hoạt động trong năm', en: 'Year-round log' },
  'yearRound.evidenceLog': { vi: 'Ghi nhận hoạt động chi đoàn', en: 'Logging evidence' },
  'yearRound.drafting': { vi: 'Chi đoàn tự đánh giá', en: 'Self-assessment' },
  baseReview: { vi: 'Đoàn cơ sở thẩm định', en: 'Base appraisal' },
  upperReview: { vi: 'Đoàn cấp trên xét duyệt', en: 'Upper-level decision' },
  upperApproval: {
    vi: 'Đoàn cấp trên phê duyệt danh sách xuất sắc',
    en: 'Upper level approves the top ratings',
  },
  published: { vi: 'Đã công bố kết quả', en: 'Result published' },
  appeal: { vi: 'Giải quyết kiến nghị', en: 'Appeal' },
  closed: { vi: 'Hoàn tất xếp loại', en: 'Closed' },
};

export const branchReviewEventLabels: Record<string, Label> = {
  RECORD_CADRE: { vi: 'Cập nhật cán bộ chi đoàn', en: 'Record branch cadre' },
  LOG_MEETING: { vi: 'Ghi nhận sinh hoạt chi đoàn', en: 'Log branch meeting' },
  LOG_JOINT_MEETING: { vi: 'Ghi nhận sinh hoạt liên chi đoàn', en: 'Log joint meeting' },
  LOG_BRIEFING: { vi: 'Ghi nhận giao ban với Bí thư chi đoàn', en: 'Log briefing with the base' },
  LOG_YOUTH_PROJECT: { vi: 'Ghi nhận công trình, phần việc thanh niên', en: 'Log youth project' },
  SAVE_DRAFT: { vi: 'Lưu bản tự đánh giá', en: 'Save self-assessment' },
  SUBMIT: { vi: 'Gửi đoàn cơ sở', en: 'Submit to the base' },
  RETURN_TO_BRANCH: { vi: 'Trả lại chi đoàn', en: 'Return to branch' },
  PROPOSE_LEVEL: { vi: 'Đề nghị mức xếp loại', en: 'Propose classification' },
  APPROVE: { vi: 'Công nhận kết quả', en: 'Approve' },
  ADJUST_LEVEL: { vi: 'Điều chỉnh mức xếp loại', en: 'Adjust classification' },
  RETURN_TO_BASE: { vi: 'Trả lại đoàn cơ sở', en: 'Return to base' },
  DECIDE_LEVEL: { vi: 'Ban Thường vụ quyết định xếp loại', en: 'Standing committee decides the rating' },
  APPROVE_TOP_RATING: { vi: 'Phê duyệt xếp loại xuất sắc', en: 'Approve the top rating' },
  REJECT_TOP_RATING: { vi: 'Không phê duyệt xếp loại xuất sắc', en: 'Do not approve the top rating' },
  APPEAL: { vi: 'Kiến nghị kết quả', en: 'Appeal' },
  UPHOLD_RESULT: { vi: 'Giữ nguyên kết quả', en: 'Uphold result' },
  AMEND_RESULT: { vi: 'Sửa đổi kết quả', en: 'Amend result' },
  MONTH_END_CHECK: { vi: 'Nhắc sinh hoạt chi đoàn cuối tháng', en: 'Month-end meeting reminder' },
  SUBMISSION_REMINDER: { vi: 'Nhắc hạn gửi tự đánh giá', en: 'Submission reminder' },
  SUBMISSION_OVERDUE: { vi: 'Quá hạn gửi tự đánh giá', en: 'Submission overdue' },
  REVIEW_OVERDUE: { vi: 'Quá hạn xử lý', en: 'Review overdue' },
  APPEAL_WINDOW_CLOSED: { vi: 'Hết thời hạn kiến nghị', en: 'Appeal window closed' },
};

export const branchReviewDescriptionV2: Label = {
  vi: 'Sổ theo dõi mô hình "3 có" và "2 giao, 1 liên kết" trong năm; chi đoàn tự đánh giá, Ban Thường vụ đoàn cơ sở họp (có biên bản) quyết định xếp loại, Đoàn cấp trên nhận kết quả và phê duyệt danh sách xuất sắc khi quy định yêu cầu; kiến nghị gửi cấp trên của cấp đã quyết định.',
  en: 'The year\'s log of the "three haves" and "two briefings, one link" models; the branch assesses itself, the base standing committee decides the rating at a recorded meeting, the level above receives the result and approves top ratings where the policy asks; appeals go to the level above the one that decided.',
};

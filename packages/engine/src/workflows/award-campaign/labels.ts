import type { Label } from '../../define-workflow.ts';
import type { Rating } from './schema.ts';

export const campaignTitle: Label = { vi: 'Đợt xét khen thưởng', en: 'Award round' };

export const campaignDescription: Label = {
  vi: 'Mở đợt với hình thức khen thưởng, chỉ tiêu từng đơn vị và hạn nộp hồ sơ; Hội đồng Thi đua – Khen thưởng xét; Ban Thường vụ ký quyết định.',
  en: 'A round with award forms, per-unit quotas and a hard deadline; reviewed by the awards council; decided by the standing committee.',
};

export const campaignStateLabels: Record<string, Label> = {
  open: { vi: 'Đang nhận hồ sơ', en: 'Open for nominations' },
  closed: { vi: 'Hết hạn nhận hồ sơ', en: 'Closed' },
  councilReview: { vi: 'Hội đồng Thi đua – Khen thưởng xét', en: 'Council review' },
  decisionSigned: { vi: 'Đã ký quyết định khen thưởng', en: 'Decision signed' },
  cancelled: { vi: 'Đã hủy đợt', en: 'Cancelled' },
};

export const campaignEventLabels: Record<string, Label> = {
  NOMINATION_RECOMMENDED: { vi: 'Nhận đề xuất của Hội đồng', en: 'Council recommendation received' },
  DECIDE_AWARDS: { vi: 'Ký quyết định khen thưởng của đợt', en: 'Sign the round’s award decision' },
  DEADLINE_PASSED: { vi: 'Hết hạn nhận hồ sơ', en: 'Deadline passed' },
  SEND_TO_COUNCIL: { vi: 'Trình Hội đồng Thi đua – Khen thưởng', en: 'Send to the council' },
  REVIEW_OVERDUE: { vi: 'Quá hạn xét duyệt', en: 'Review overdue' },
  SIGN_DECISION: { vi: 'Ký quyết định khen thưởng', en: 'Sign the award decision' },
  CANCEL: { vi: 'Hủy đợt khen thưởng', en: 'Cancel the round' },
};

export const ratingLabels: Record<Rating, Label> = {
  excellent: { vi: 'Hoàn thành xuất sắc nhiệm vụ', en: 'Outstanding' },
  good: { vi: 'Hoàn thành tốt nhiệm vụ', en: 'Good' },
  completed: { vi: 'Hoàn thành nhiệm vụ', en: 'Completed' },
  notCompleted: { vi: 'Không hoàn thành nhiệm vụ', en: 'Not completed' },
};

import type { SummaryField } from '../../define-workflow.ts';
import { signedDocumentLabels } from '../summary-words.ts';
import { classificationLabels } from './labels.ts';

/** The review's summary fields that its input and payloads do not label. */
export const branchReviewSummaryLabels: Readonly<Record<string, SummaryField>> = {
  ...signedDocumentLabels,
  threeHaves: { label: { vi: 'Mô hình “3 có”', en: 'The “three haves”' } },
  hasCadre: { label: { vi: 'Có cán bộ đoàn', en: 'Has a union cadre' } },
  hasRegularMeetings: { label: { vi: 'Có sinh hoạt đoàn đều đặn', en: 'Meets regularly' } },
  hasYouthProject: { label: { vi: 'Có công trình, phần việc thanh niên', en: 'Has a youth project' } },
  met: { label: { vi: 'Đạt', en: 'Met' } },
  meetingMonths: { label: { vi: 'Các tháng có sinh hoạt', en: 'Months with a meeting' } },
  twoBriefingsOneLink: { label: { vi: '“2 giao, 1 liên kết”', en: '“Two briefings, one link”' } },
  briefingsFirstHalf: { label: { vi: 'Giao ban 6 tháng đầu năm', en: 'Briefing in the first half' } },
  briefingsSecondHalf: { label: { vi: 'Giao ban 6 tháng cuối năm', en: 'Briefing in the second half' } },
  jointMeetingMonths: { label: { vi: 'Số tháng có sinh hoạt liên kết', en: 'Months with a joint meeting' } },
  youthProjects: { label: { vi: 'Công trình, phần việc thanh niên', en: 'Youth projects' } },
  proposedBySelf: {
    label: { vi: 'Mức chi đoàn tự đánh giá', en: 'Level the branch proposed' },
    values: classificationLabels,
  },
  proposedByBase: {
    label: { vi: 'Mức đoàn cơ sở đề xuất', en: 'Level the base proposed' },
    values: classificationLabels,
  },
  result: { label: { vi: 'Kết quả xếp loại', en: 'Rating' } },
  level: { label: { vi: 'Mức xếp loại', en: 'Level' }, values: classificationLabels },
  adjustedFrom: { label: { vi: 'Điều chỉnh từ mức', en: 'Adjusted from' }, values: classificationLabels },
  decidedAt: { label: { vi: 'Quyết định lúc', en: 'Decided at' } },
  decisionNumber: { label: { vi: 'Số quyết định', en: 'Decision number' } },
  onAppeal: { label: { vi: 'Sau khiếu nại', en: 'On appeal' } },
  appeals: { label: { vi: 'Số lần khiếu nại', en: 'Appeals' } },
  escalated: { label: { vi: 'Đã báo cấp trên vì quá hạn', en: 'Escalated for being late' } },
  lateStages: {
    label: { vi: 'Các bước bị trễ hạn', en: 'Steps that ran late' },
    values: {
      submission: { vi: 'Chi đoàn gửi tự đánh giá', en: 'The branch’s submission' },
      baseReview: { vi: 'Đoàn cơ sở xem xét', en: 'The base’s review' },
      upperReview: { vi: 'Cấp trên xem xét', en: 'The review above' },
      appeal: { vi: 'Giải quyết khiếu nại', en: 'The appeal' },
    },
  },
  threeHavesScore: { label: { vi: 'Điểm "3 có" (trên 3)', en: '"Three haves" score (of 3)' } },
  decidedBy: {
    label: { vi: 'Cấp quyết định xếp loại', en: 'Rating decided by' },
    values: {
      base: { vi: 'Ban Thường vụ đoàn cơ sở', en: 'The base standing committee' },
      upper: { vi: 'Ban Thường vụ đoàn cấp trên', en: 'The standing committee above' },
    },
  },
  awaitingUpperApproval: {
    label: { vi: 'Chờ cấp trên phê duyệt mức', en: 'Awaiting approval above for' },
    values: classificationLabels,
  },
};

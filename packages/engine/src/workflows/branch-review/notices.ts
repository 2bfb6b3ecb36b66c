import type { Label } from '../../define-workflow.ts';

/** What its reminders and escalations say (`{name}` is filled from the notice's data). */
export const branchReviewNotices: Readonly<Record<string, Label>> = {
  'branchReview.noMeetingThisMonth': {
    vi: 'Chi đoàn chưa ghi nhận buổi sinh hoạt nào trong tháng {month}',
    en: 'No branch meeting is recorded for {month}',
  },
  'branchReview.submissionDue': {
    vi: 'Còn {daysBefore} ngày đến hạn gửi hồ sơ đánh giá, xếp loại chi đoàn (hạn {deadline})',
    en: '{daysBefore} days left to submit the branch review (due {deadline})',
  },
  'branchReview.submissionOverdue': {
    vi: 'Quá hạn gửi hồ sơ đánh giá, xếp loại chi đoàn',
    en: 'The branch review submission is overdue',
  },
  'branchReview.returnedToBranch': {
    vi: 'Hồ sơ đánh giá chi đoàn được trả lại để bổ sung',
    en: 'The branch review was returned for changes',
  },
  'branchReview.returnedToBase': {
    vi: 'Kết quả xếp loại của đoàn cơ sở được cấp trên trả lại để xem xét lại',
    en: "The level above returned the base's ratings for another look",
  },
  'branchReview.baseReviewOverdue': {
    vi: 'Ban Thường vụ đoàn cơ sở quá hạn xét hồ sơ đánh giá chi đoàn',
    en: "The base's standing committee is late reviewing the branch review",
  },
  'branchReview.upperReviewOverdue': {
    vi: 'Cấp trên quá hạn xét kết quả đánh giá, xếp loại chi đoàn',
    en: 'The level above is late reviewing the branch ratings',
  },
  'branchReview.appealOverdue': {
    vi: 'Quá hạn giải quyết kiến nghị về kết quả xếp loại chi đoàn',
    en: 'The appeal against a branch rating is overdue',
  },
  'branchReview.resultPublished': {
    vi: 'Đã công bố kết quả đánh giá, xếp loại chi đoàn',
    en: "The branch's review result is published",
  },
};

import type { Label } from '../../define-workflow.ts';
import type { DocumentKind } from './schema.ts';

export const nominationTitle: Label = { vi: 'Đề nghị khen thưởng', en: 'Award nomination' };

export const nominationDescription: Label = {
  vi: 'Hồ sơ đề nghị khen thưởng một tập thể hoặc cá nhân: chuẩn bị, Văn phòng kiểm tra, Hội đồng bỏ phiếu, Thường vụ ký quyết định.',
  en: 'One nominee’s dossier: preparation, secretariat check, council vote, signature and award.',
};

export const nominationStateLabels: Record<string, Label> = {
  preparing: { vi: 'Chuẩn bị hồ sơ', en: 'Preparing the dossier' },
  secretariatCheck: { vi: 'Văn phòng kiểm tra hồ sơ', en: 'Secretariat check' },
  councilVoting: { vi: 'Hội đồng bỏ phiếu', en: 'Council voting' },
  awaitingSignature: { vi: 'Chờ ký quyết định', en: 'Awaiting signature' },
  awarded: { vi: 'Đã khen thưởng', en: 'Awarded' },
  rejectedLate: { vi: 'Không tiếp nhận do quá hạn', en: 'Refused as late' },
  notRecommended: { vi: 'Không được đề nghị khen thưởng', en: 'Not recommended' },
  withdrawn: { vi: 'Đã rút hồ sơ', en: 'Withdrawn' },
};

export const nominationEventLabels: Record<string, Label> = {
  ADD_DOCUMENT: { vi: 'Bổ sung tài liệu', en: 'Add a document' },
  REMOVE_DOCUMENT: { vi: 'Gỡ tài liệu', en: 'Remove a document' },
  RECORD_RATING: { vi: 'Ghi kết quả xếp loại', en: 'Record the classification' },
  SUBMIT: { vi: 'Gửi hồ sơ đề nghị', en: 'Submit the dossier' },
  WITHDRAW: { vi: 'Rút hồ sơ đề nghị', en: 'Withdraw the nomination' },
  SUBMISSION_DEADLINE: { vi: 'Hết hạn nộp hồ sơ', en: 'Submission deadline' },
  DEADLINE_REMINDER: { vi: 'Nhắc hạn nộp hồ sơ', en: 'Deadline reminder' },
  ACCEPT_DOSSIER: { vi: 'Tiếp nhận hồ sơ', en: 'Accept the dossier' },
  RETURN_INCOMPLETE: { vi: 'Trả lại hồ sơ chưa đầy đủ', en: 'Return as incomplete' },
  CHECK_OVERDUE: { vi: 'Quá hạn kiểm tra hồ sơ', en: 'Check overdue' },
  CAST_VOTE: { vi: 'Bỏ phiếu', en: 'Cast a vote' },
  CLOSE_VOTE: { vi: 'Kết thúc bỏ phiếu', en: 'Close the vote' },
  SIGN_DECISION: { vi: 'Ký quyết định khen thưởng', en: 'Sign the award decision' },
  DECLINE_TO_SIGN: { vi: 'Không ký khen thưởng', en: 'Decline to sign' },
  ROUND_DECIDED: { vi: 'Nhận quyết định khen thưởng của đợt', en: 'Round decision received' },
  REVIEW_RESULT_RECORDED: {
    vi: 'Nhận kết quả đánh giá, xếp loại chi đoàn',
    en: 'Branch review result received',
  },
};

/** For the dossier checklist a portal shows. */
export const documentKindLabels: Record<DocumentKind, Label> = {
  requestLetter: { vi: 'Tờ trình đề nghị khen thưởng', en: 'Request letter' },
  meetingRecord: { vi: 'Biên bản họp xét đề nghị', en: 'Meeting record of the proposing committee' },
  nomineeList: { vi: 'Danh sách đề nghị khen thưởng', en: 'List of nominees' },
  achievementReport: { vi: 'Báo cáo thành tích', en: 'Achievement report' },
};

import type { Label } from '../../define-workflow.ts';

export const transferTitle: Label = {
  vi: 'Chuyển sinh hoạt đoàn',
  en: 'Member transfer',
};

export const transferDescription: Label = {
  vi: 'Chuyển, tiếp nhận sinh hoạt đoàn (chính thức, tạm thời) và sinh hoạt nơi cư trú.',
  en: 'Permanent and temporary transfer between units, and participation at the place of residence.',
};

export const transferStateLabels: Record<string, Label> = {
  requested: { vi: 'Đề nghị chuyển', en: 'Requested' },
  sourceBranch: { vi: 'Chi đoàn nơi đi xác nhận', en: 'Source branch review' },
  sourceBase: { vi: 'Đoàn cơ sở nơi đi giới thiệu', en: 'Source base referral' },
  inTransit: { vi: 'Đang chuyển', en: 'In transit' },
  referralExpired: { vi: 'Giấy giới thiệu hết hạn', en: 'Referral expired' },
  destinationBase: { vi: 'Đoàn cơ sở nơi đến tiếp nhận', en: 'Destination base review' },
  branchAssignment: { vi: 'Phân về chi đoàn', en: 'Branch assignment' },
  awaitingAcknowledgement: { vi: 'Chờ chi đoàn tiếp nhận', en: 'Awaiting acknowledgement' },
  participating: { vi: 'Đang sinh hoạt', en: 'Participating' },
  completed: { vi: 'Hoàn thành', en: 'Completed' },
  rejected: { vi: 'Không chấp thuận', en: 'Rejected' },
  withdrawn: { vi: 'Đã rút đề nghị', en: 'Withdrawn' },
  cancelled: { vi: 'Đã hủy', en: 'Cancelled' },
};

export const transferEventLabels: Record<string, Label> = {
  SUBMIT: { vi: 'Gửi đề nghị', en: 'Submit' },
  WITHDRAW: { vi: 'Rút đề nghị', en: 'Withdraw' },
  CONFIRM: { vi: 'Xác nhận, nhận xét', en: 'Confirm' },
  REJECT: { vi: 'Không chấp thuận', en: 'Reject' },
  RETURN_TO_BRANCH: { vi: 'Trả lại chi đoàn', en: 'Return to branch' },
  ISSUE_REFERRAL: { vi: 'Cấp giấy giới thiệu', en: 'Issue referral' },
  REFERRAL_EXPIRED: { vi: 'Giấy giới thiệu hết hạn', en: 'Referral expired' },
  REISSUE: { vi: 'Cấp lại giấy giới thiệu', en: 'Reissue referral' },
  CANCEL: { vi: 'Hủy chuyển sinh hoạt', en: 'Cancel transfer' },
  PRESENT_REFERRAL: { vi: 'Nộp giấy giới thiệu', en: 'Present referral' },
  ACCEPT: { vi: 'Tiếp nhận', en: 'Accept' },
  RETURN_TO_SOURCE: { vi: 'Trả lại nơi đi', en: 'Return to source' },
  RESPONSE_OVERDUE: { vi: 'Quá hạn tiếp nhận', en: 'Response overdue' },
  ASSIGN_BRANCH: { vi: 'Phân về chi đoàn', en: 'Assign branch' },
  ACKNOWLEDGE: { vi: 'Chi đoàn xác nhận tiếp nhận', en: 'Acknowledge' },
  ACKNOWLEDGEMENT_DUE: { vi: 'Tự động xác nhận', en: 'Acknowledged automatically' },
  YEAR_END_COMMENT: { vi: 'Nhận xét cuối năm', en: 'Year-end comment' },
  YEAR_END_REMINDER: { vi: 'Nhắc nhận xét cuối năm', en: 'Year-end comment reminder' },
};

/** What v2 adds (issue 11): the end of a temporary stay and the comment's way home. */
export const transferStateLabelsV2: Record<string, Label> = {
  ...transferStateLabels,
  sourceBranch: { vi: 'Chi đoàn nơi đi nhận xét, xác nhận đoàn phí', en: 'Source branch comment' },
  sourceBase: { vi: 'Đoàn cơ sở nơi đi quyết định', en: 'Source base decision' },
  rejected: { vi: 'Đoàn cơ sở không chấp thuận', en: 'Refused by the base' },
  stayEnding: { vi: 'Hết thời hạn sinh hoạt tạm thời', en: 'Temporary stay ending' },
  commentAtHome: { vi: 'Chi đoàn nơi cư trú gốc ghi nhận nhận xét', en: 'Comment at the home branch' },
};

export const transferEventLabelsV2: Record<string, Label> = {
  ...transferEventLabels,
  REJECT: { vi: 'Không chấp thuận (nêu lý do)', en: 'Refuse (with reasons)' },
  STAY_ENDS: { vi: 'Hết thời hạn sinh hoạt tạm thời', en: 'Temporary stay ends' },
  EXTEND_STAY: { vi: 'Gia hạn sinh hoạt tạm thời', en: 'Extend the stay' },
  RETURN_HOME: { vi: 'Kết thúc, trở về nơi sinh hoạt cũ', en: 'Return home' },
  RECORD_COMMENT: { vi: 'Ghi nhận nhận xét vào xếp loại', en: 'Record the comment' },
};

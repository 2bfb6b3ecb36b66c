import type { Label } from '@doanflow/engine';

export const admissionTitle: Label = { vi: 'Kết nạp đoàn viên mới', en: 'New member admission' };

export const admissionDescription: Label = {
  vi: 'Hai đoàn viên giới thiệu xác nhận, chi đoàn họp biểu quyết, Ban Thường vụ Đoàn cơ sở quyết định kết nạp.',
  en: 'Two members confirm their introduction, the branch votes, the base standing committee decides.',
};

export const admissionStateLabels: Record<string, Label> = {
  preparation: { vi: 'Chuẩn bị hồ sơ', en: 'Preparation' },
  'preparation.introductions': { vi: 'Người giới thiệu', en: 'Introductions' },
  'preparation.introductions.awaitingIntroducers': {
    vi: 'Chờ người giới thiệu xác nhận',
    en: 'Awaiting the introducers',
  },
  'preparation.introductions.introduced': { vi: 'Đã đủ người giới thiệu', en: 'Introduced' },
  'preparation.branchMeeting': { vi: 'Họp chi đoàn', en: 'Branch meeting' },
  'preparation.branchMeeting.awaitingVote': { vi: 'Chờ chi đoàn biểu quyết', en: 'Awaiting the branch vote' },
  'preparation.branchMeeting.voted': { vi: 'Chi đoàn đã biểu quyết', en: 'Branch has voted' },
  branchProposal: { vi: 'Xét đề nghị của chi đoàn', en: 'Branch proposal' },
  baseDecision: { vi: 'Đoàn cơ sở xét kết nạp', en: 'Base decision' },
  admitted: { vi: 'Đã kết nạp', en: 'Admitted' },
  notAdmitted: { vi: 'Không kết nạp', en: 'Not admitted' },
};

export const admissionEventLabels: Record<string, Label> = {
  CONFIRM_INTRODUCTION: { vi: 'Xác nhận giới thiệu', en: 'Confirm introduction' },
  RECORD_BRANCH_VOTE: { vi: 'Ghi kết quả biểu quyết', en: 'Record the branch vote' },
  ADMIT: { vi: 'Quyết định kết nạp', en: 'Admit' },
  REJECT: { vi: 'Không kết nạp', en: 'Reject' },
};

/**
 * The admission's own role: the two members the request names as introducers. Registered with the
 * definition (`roles`), so their inbox says "Người giới thiệu", not `introducer`.
 */
export const admissionRoles: Record<string, Label> = {
  introducer: { vi: 'Người giới thiệu', en: 'Introducer' },
};

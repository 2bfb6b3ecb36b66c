import type { SummaryField } from '../../define-workflow.ts';
import { hostCommentLabels, signedDocumentLabels } from '../summary-words.ts';

/** The transfer's summary fields that its input and payloads do not label. */
export const transferSummaryLabels: Readonly<Record<string, SummaryField>> = {
  ...signedDocumentLabels,
  destinationBranchId: { label: { vi: 'Chi đoàn nơi đến', en: 'Destination branch' } },
  referral: { label: { vi: 'Giấy giới thiệu sinh hoạt đoàn', en: 'Referral' } },
};

/** v2's summary adds the signed referral, the branch's concerns and the comments sent home. */
export const transferSummaryLabelsV2: Readonly<Record<string, SummaryField>> = {
  ...transferSummaryLabels,
  signature: { label: { vi: 'Chữ ký', en: 'Signature' } },
  heading: { label: { vi: 'Thể thức ký', en: 'Signed as' } },
  title: { label: { vi: 'Chức vụ người ký', en: "Signer's title" } },
  office: {
    label: { vi: 'Chức danh', en: 'Office' },
    values: {
      secretary: { vi: 'Bí thư', en: 'Secretary' },
      deputySecretary: { vi: 'Phó Bí thư', en: 'Deputy secretary' },
      standingMember: { vi: 'Ủy viên Ban Thường vụ', en: 'Standing committee member' },
      committeeMember: { vi: 'Ủy viên Ban Chấp hành', en: 'Executive committee member' },
    },
  },
  name: { label: { vi: 'Họ và tên', en: 'Name' } },
  memberIsCadre: { label: { vi: 'Đoàn viên là cán bộ đoàn (theo danh bạ)', en: 'Union cadre (directory)' } },
  concerns: { label: { vi: 'Ý kiến của chi đoàn nơi đi', en: "Source branch's concerns" } },
  homeComment: { label: { vi: 'Nhận xét gửi về nơi sinh hoạt gốc', en: 'Comment sent home' } },
  homeComments: { label: { vi: 'Nhận xét đã ghi nhận', en: 'Comments recorded at home' } },
  ...hostCommentLabels,
  recommendTopRating: { label: { vi: 'Đề nghị xếp loại xuất sắc', en: 'Recommended for the top rating' } },
  year: { label: { vi: 'Năm', en: 'Year' } },
  by: { label: { vi: 'Đơn vị nhận xét', en: 'Commented by' } },
  until: { label: { vi: 'Sinh hoạt tạm thời đến ngày', en: 'Stay until' } },
};

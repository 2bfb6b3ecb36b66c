import type { SummaryField } from '../../define-workflow.ts';
import { signedDocumentLabels } from '../summary-words.ts';
import { documentKindLabels } from './labels.ts';

const documentKinds = Object.fromEntries(
  Object.entries(documentKindLabels).map(([kind, label]) => [kind, { label }]),
);

/** The nomination's summary fields that its input and payloads do not label. */
export const nominationSummaryLabels: Readonly<Record<string, SummaryField>> = {
  ...signedDocumentLabels,
  ...documentKinds,
  documents: { label: { vi: 'Hồ sơ đã nộp', en: 'Dossier' } },
  sha256: { label: { vi: 'Dấu vân tay SHA-256', en: 'SHA-256 fingerprint' } },
  addedAt: { label: { vi: 'Nộp lúc', en: 'Added at' } },
  addedBy: { label: { vi: 'Người nộp', en: 'Added by' } },
  missingDocuments: {
    label: { vi: 'Tài liệu còn thiếu', en: 'Documents missing' },
    values: documentKindLabels,
  },
  ineligibleBecause: {
    label: { vi: 'Chưa đủ điều kiện vì', en: 'Not eligible because' },
    values: {
      noRating: { vi: 'Chưa có kết quả xếp loại', en: 'No rating yet' },
      ratingTooLow: { vi: 'Xếp loại thấp hơn mức tối thiểu', en: 'Rated below the minimum' },
      ratingOutdated: { vi: 'Kết quả xếp loại đã quá cũ', en: 'The rating is too old' },
      disciplined: { vi: 'Đang chịu hình thức kỷ luật', en: 'Under a disciplinary measure' },
    },
  },
  quotaLeft: { label: { vi: 'Số đề nghị còn được gửi', en: 'Nominations left in the quota' } },
  lastReturn: { label: { vi: 'Lần trả lại gần nhất', en: 'Last returned' } },
  votedBy: { label: { vi: 'Thành viên đã biểu quyết', en: 'Members who voted' } },
  outcome: { label: { vi: 'Kết quả biểu quyết', en: 'Vote result' } },
  councilSize: { label: { vi: 'Số thành viên hội đồng', en: 'Council members' } },
  present: { label: { vi: 'Số có mặt', en: 'Present' } },
  yes: { label: { vi: 'Tán thành', en: 'Yes' } },
  no: { label: { vi: 'Không tán thành', en: 'No' } },
  abstain: { label: { vi: 'Không biểu quyết', en: 'Abstained' } },
  quorumMet: { label: { vi: 'Đủ số thành viên tham dự', en: 'Quorum met' } },
  approved: { label: { vi: 'Được thông qua', en: 'Approved' } },
  decision: { label: { vi: 'Quyết định khen thưởng', en: 'Award decision' } },
  certificateNumber: { label: { vi: 'Số bằng khen, giấy khen', en: 'Certificate number' } },
  closingReason: { label: { vi: 'Lý do kết thúc', en: 'Why it was closed' } },
};

/** Version 2 reads the round from its campaign: the fields v1's input labelled are labelled here. */
export const nominationV2SummaryLabels: Readonly<Record<string, SummaryField>> = {
  ...nominationSummaryLabels,
  awardForm: { label: { vi: 'Hình thức khen thưởng', en: 'Award form' } },
  deadline: { label: { vi: 'Hạn nộp hồ sơ', en: 'Dossier deadline' } },
  id: { label: { vi: 'Mã', en: 'ID' } },
  name: { label: { vi: 'Tên', en: 'Name' } },
  nomineeKind: {
    label: { vi: 'Đối tượng khen thưởng', en: 'Awarded to' },
    values: {
      branch: { vi: 'Tập thể (chi đoàn)', en: 'A branch' },
      person: { vi: 'Cá nhân', en: 'A person' },
    },
  },
  quota: { label: { vi: 'Chỉ tiêu đề nghị của đơn vị', en: "The unit's quota" } },
};

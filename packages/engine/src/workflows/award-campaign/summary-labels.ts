import type { SummaryField } from '../../define-workflow.ts';
import { signedDocumentLabels } from '../summary-words.ts';

/** The round's summary fields that its input and payloads do not label. */
export const campaignSummaryLabels: Readonly<Record<string, SummaryField>> = {
  ...signedDocumentLabels,
  dossiersReceived: { label: { vi: 'Số hồ sơ đã nhận', en: 'Dossiers received' } },
  decision: { label: { vi: 'Quyết định khen thưởng', en: 'Award decision' } },
  awardedCount: { label: { vi: 'Số được khen thưởng', en: 'Awarded' } },
  cancelReason: { label: { vi: 'Lý do hủy đợt', en: 'Why the round was cancelled' } },
};

/** Version 2's round summary: the council's recommendations and the decision's ranked list. */
export const campaignV2SummaryLabels: Readonly<Record<string, SummaryField>> = {
  ...campaignSummaryLabels,
  recommendations: { label: { vi: 'Số hồ sơ Hội đồng đề xuất', en: 'Recommended by the council' } },
  awardees: { label: { vi: 'Danh sách được khen thưởng', en: 'Awardees' } },
  nominationId: { label: { vi: 'Hồ sơ đề nghị', en: 'Nomination' } },
  awardFormId: { label: { vi: 'Hình thức khen thưởng', en: 'Award form' } },
  yes: { label: { vi: 'Số phiếu tán thành', en: 'Yes votes' } },
  present: { label: { vi: 'Số thành viên có mặt', en: 'Members present' } },
  rank: { label: { vi: 'Thứ tự', en: 'Rank' } },
  nominee: { label: { vi: 'Tập thể, cá nhân được khen thưởng', en: 'Awardee' } },
  kind: {
    label: { vi: 'Đối tượng khen thưởng', en: 'Awarded to' },
    values: {
      branch: { vi: 'Tập thể (chi đoàn)', en: 'A branch' },
      person: { vi: 'Cá nhân', en: 'A person' },
    },
  },
  unitId: { label: { vi: 'Chi đoàn', en: 'Branch' } },
  personId: { label: { vi: 'Cá nhân', en: 'Person' } },
};

import type { Label, SummaryField } from '../define-workflow.ts';

/** Words several workflows' summaries share: a signed decision, who acted, when. */
const actingLabels: Record<string, Label> = {
  self: { vi: 'Ký tên cá nhân', en: 'In their own name' },
  TM: { vi: 'TM. (thay mặt tập thể)', en: 'TM. (on behalf of the committee)' },
  KT: { vi: 'KT. (ký thay)', en: 'KT. (as a deputy)' },
};

export const signedDocumentLabels: Readonly<Record<string, SummaryField>> = {
  number: { label: { vi: 'Số văn bản', en: 'Number' } },
  signedOn: { label: { vi: 'Ngày ký', en: 'Signed on' } },
  issuedOn: { label: { vi: 'Ngày ban hành', en: 'Issued on' } },
  signedBy: { label: { vi: 'Người ký', en: 'Signed by' } },
  acting: { label: { vi: 'Hình thức ký', en: 'Signing form' }, values: actingLabels },
  decidedBy: { label: { vi: 'Người quyết định', en: 'Decided by' } },
  at: { label: { vi: 'Thời điểm', en: 'At' } },
};

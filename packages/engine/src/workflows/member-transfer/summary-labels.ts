import type { SummaryField } from '../../define-workflow.ts';
import { signedDocumentLabels } from '../summary-words.ts';

/** The transfer's summary fields that its input and payloads do not label. */
export const transferSummaryLabels: Readonly<Record<string, SummaryField>> = {
  ...signedDocumentLabels,
  destinationBranchId: { label: { vi: 'Chi đoàn nơi đến', en: 'Destination branch' } },
  referral: { label: { vi: 'Giấy giới thiệu sinh hoạt đoàn', en: 'Referral' } },
};

import { imageTypes, MiB, scanTypes, writtenTypes, type DocumentsSpec } from '../../documents.ts';
import type { FieldVisitContext } from './context.ts';

/**
 * A trip's papers, all optional: photos of the preparation ("đi trước") and of the visit, the
 * written report ("về sau"), and the evidence behind an exemption request.
 */
export const fieldVisitDocuments: DocumentsSpec<FieldVisitContext> = {
  kinds: {
    visitPhoto: {
      label: { vi: 'Ảnh hoạt động tại cơ sở', en: 'Photo from the visit' },
      accepts: imageTypes,
      maxBytes: 10 * MiB,
    },
    visitReport: {
      label: { vi: 'Báo cáo kết quả đi cơ sở (tệp)', en: 'Visit report (file)' },
      accepts: writtenTypes,
      maxBytes: 20 * MiB,
    },
    exemptionEvidence: {
      label: { vi: 'Giấy tờ chứng minh trường hợp được miễn', en: 'Evidence for the exemption' },
      accepts: scanTypes,
      maxBytes: 20 * MiB,
    },
  },
  events: {
    LOG_PREPARATION: { accepts: ['visitPhoto'] },
    SUBMIT_REPORT: { accepts: ['visitPhoto', 'visitReport'] },
    REQUEST_EXEMPTION: { accepts: ['exemptionEvidence'] },
  },
};

import { MiB, scanTypes, type DocumentsSpec } from '../../documents.ts';
import type { TransferContext } from './machine.ts';

/**
 * A transfer needs no uploaded paper: the referral is issued by the source base. A member may back a
 * residence participation with the residence confirmation, and the branch may attach the page of
 * the member book it wrote its comment on.
 */
export const transferDocuments: DocumentsSpec<TransferContext> = {
  kinds: {
    residenceConfirmation: {
      label: { vi: 'Giấy xác nhận thông tin về cư trú', en: 'Residence confirmation' },
      accepts: scanTypes,
      maxBytes: 10 * MiB,
    },
    memberBookPage: {
      label: {
        vi: 'Trang sổ đoàn viên có nhận xét của chi đoàn',
        en: "Member book page with the branch's comment",
      },
      accepts: scanTypes,
      maxBytes: 10 * MiB,
    },
  },
  events: {
    SUBMIT: { accepts: ['residenceConfirmation'] },
    CONFIRM: { accepts: ['memberBookPage'] },
  },
};

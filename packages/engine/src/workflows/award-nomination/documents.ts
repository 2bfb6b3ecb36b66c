import { MiB, scanTypes, writtenTypes, type DocumentsSpec, type FileType } from '../../documents.ts';
import { missingDocuments } from './dossier.ts';
import { documentKindLabels } from './labels.ts';
import type { NominationContext } from './machine.ts';
import { documentKinds, type DocumentKind } from './schema.ts';

/** The signed papers arrive scanned; the report and the list are often still word-processor files. */
const accepts: Record<DocumentKind, readonly FileType[]> = {
  requestLetter: writtenTypes,
  meetingRecord: scanTypes,
  nomineeList: [...writtenTypes, 'xlsx'],
  achievementReport: writtenTypes,
};

/**
 * The nomination's dossier (quy chế khen thưởng 109-QĐ/TWĐTN-VP): files added one kind or several
 * at a time by the nominating unit, each replacing the previous one of its kind. "Gửi hồ sơ" is
 * guarded by the machine (readyToSubmit): the policy's required kinds — by default all four, the
 * báo cáo thành tích of the nominee among them — must be in the dossier.
 */
export const nominationDocuments: DocumentsSpec<NominationContext> = {
  kinds: Object.fromEntries(
    documentKinds.map((kind) => [
      kind,
      { label: documentKindLabels[kind], accepts: accepts[kind], maxBytes: 20 * MiB },
    ]),
  ),
  events: { ADD_DOCUMENT: { accepts: documentKinds, atLeastOne: true } },
  missing: (context) => missingDocuments(context),
};

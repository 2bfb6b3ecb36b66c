import type { DossierEventView, DossierKindView, MediaType } from '@doanflow/engine';

/** The dossier's wire shapes (no Node imports: the widgets' contract test reads them). */

/** What a caller sees of one file of a dossier. */
export interface AttachmentView {
  id: string;
  instanceId: string;
  kind: string;
  name: string;
  size: number;
  mediaType: MediaType;
  sha256: string;
  uploadedBy: { personId: string; name: string | null; role: string; unitId: string | null };
  uploadedAt: string;
  /** The history entry (and its event) that brought it into the dossier; null while waiting. */
  seq: number | null;
  event: string | null;
}

/** An instance's documents for one person: the files, the kinds, what is required now. */
export interface DossierView {
  instanceId: string;
  kinds: DossierKindView[];
  events: DossierEventView[];
  items: AttachmentView[];
}

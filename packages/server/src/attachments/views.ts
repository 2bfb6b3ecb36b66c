/** The dossier's wire shapes, from the contract (no Node imports). */
export type { AttachmentView, DossierView } from '@doanflow/client';

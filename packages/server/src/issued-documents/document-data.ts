// A document's texts as the Typst template reads them, formatted in the server (the engine's date
// words): the render process (render-worker.ts) then loads Typst's side only.
import { vietnameseDate, type DocumentAnnex, type DocumentModel } from '@doanflow/engine';
import type { DocumentData } from './typst-compiler.ts';

/** A document model with what the server adds: its number, place, verification code and list. */
export interface PrintedDocument {
  model: DocumentModel;
  /** "12-QĐ/TĐTN-VP". */
  number: string;
  /** "Đà Nẵng" (a deployment setting). */
  place: string;
  code: string;
  verifyUrl: string;
  /** The list that goes with it, filled in when the model asked the server to. */
  annex: DocumentAnnex | null;
}

const dayMonthYear = (on: string) => on.split('-').reverse().join('/');

/** A document's texts as the template reads them: dates in words, the annex's note. */
export function documentData(document: PrintedDocument): DocumentData {
  const { model } = document;
  return {
    title: model.title,
    issuer: model.issuerLines.at(-1) ?? '',
    issuerLines: model.issuerLines,
    number: document.number,
    placeAndDate: `${document.place}, ${vietnameseDate(model.issuedOn)}`,
    about: model.about,
    authority: model.authority,
    grounds: model.grounds,
    body: model.body,
    validUntil: model.validUntil ? dayMonthYear(model.validUntil) : '',
    recipients: model.recipients,
    signature: model.signature,
    code: document.code,
    verifyUrl: document.verifyUrl,
    annex: document.annex,
    annexNote: `(Kèm theo ${model.title.toLocaleLowerCase('vi')} số ${document.number} ${vietnameseDate(model.issuedOn)})`,
  };
}

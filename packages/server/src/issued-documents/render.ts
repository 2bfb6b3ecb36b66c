import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';
import QRCode from 'qrcode';
import { vietnameseDate, type DocumentAnnex, type DocumentModel } from '@doanflow/engine';
import { documentTemplate } from './typst-template.ts';

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

const require = createRequire(import.meta.url);
/**
 * Tinos (metric-compatible with Times New Roman, whole faces with every Vietnamese letter) from its
 * registry package, never a system font.
 */
const fontFiles = [
  '@expo-google-fonts/tinos/400Regular/Tinos_400Regular.ttf',
  '@expo-google-fonts/tinos/400Regular_Italic/Tinos_400Regular_Italic.ttf',
  '@expo-google-fonts/tinos/700Bold/Tinos_700Bold.ttf',
  '@expo-google-fonts/tinos/700Bold_Italic/Tinos_700Bold_Italic.ttf',
].map((file) => require.resolve(file));

/**
 * Typst memoizes layouts; every EVICT_EVERY documents those unused for EVICT_MAX_AGE evictions are
 * dropped. Ages count evictions, not documents: the former `evictCache(32)` every 32 documents kept
 * ~1,000 documents' layouts (≈0.5 MB each, growing to ~500 MB that never came back). Measured in a
 * render thread over 800 distinct documents (issue 15, bench/RESULTS.md): every 32 with age 2
 * levels off at +225 MB, every 16 with age 1 at +80 MB, every 8 with age 1 at +50 MB, each document
 * alone (age 0) at +20 MB but slower; every 8 with age 1 costs ≈10% of a render's time.
 */
const EVICT_EVERY = 8;
const EVICT_MAX_AGE = 1;

const dayMonthYear = (on: string) => on.split('-').reverse().join('/');

/** The QR code as SVG: vector, no raster library, the same text for the same URL. */
function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 0 });
}

/**
 * Renders documents with Typst's compiler (chosen by measurement: see docs/official-documents.md).
 * One compiler per process, its fonts loaded once. Deterministic: no creation date in the PDF, and
 * Typst derives the document id from the content, so the same inputs give the same bytes.
 */
export class DocumentRenderer {
  private readonly compiler: NodeCompiler;
  private rendered = 0;

  constructor() {
    const fontBlobs = fontFiles.map((file) => readFileSync(file));
    this.compiler = NodeCompiler.create({ fontArgs: [{ fontBlobs }] });
  }

  async render(document: PrintedDocument): Promise<Buffer> {
    const { model } = document;
    const data = {
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
    const inputs = { data: JSON.stringify(data), qr: await qrSvg(document.verifyUrl) };
    const compiled = this.compiler.compile({ mainFileContent: documentTemplate, inputs });
    const result = compiled.result;
    if (!result) {
      const diagnostics = compiled.takeDiagnostics();
      throw new Error(
        `the document template did not compile: ${JSON.stringify(diagnostics?.shortDiagnostics ?? diagnostics)}`,
      );
    }
    const pdf = this.compiler.pdf(result, { pdfTags: false });
    // Typst memoizes layouts; every so often those not reused lately are dropped, so memory stays
    // flat. Evicting after every document costs more time than it saves (measured: p50 ×2).
    this.rendered += 1;
    if (this.rendered % EVICT_EVERY === 0) this.compiler.evictCache(EVICT_MAX_AGE);
    return pdf;
  }
}

let shared: DocumentRenderer | null = null;
/** One renderer per process: its compiler holds the fonts and Typst's caches. */
export function sharedRenderer(): DocumentRenderer {
  shared ??= new DocumentRenderer();
  return shared;
}

// Typst's side of rendering: the compiler with its fonts, the template, the QR code. It imports
// nothing of the engine, so a render process (render-worker.ts) loads only this (issue 15: ~37 MiB
// and ~0.4 s less per process than with the engine).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';
import QRCode from 'qrcode';
import { withoutHinting } from './font-hinting.ts';
import { documentTemplate } from './typst-template.ts';

/** What the template reads: a document's texts, already formatted (render.ts, documentData). */
export interface DocumentData {
  verifyUrl: string;
  [field: string]: unknown;
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

/** The four Tinos faces as their package publishes them, hinting included. */
export const publishedTinosFaces = (): Buffer[] => fontFiles.map((file) => readFileSync(file));

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

/** Typst's `\S{25,}` (Rust's regex: \s is Unicode's White_Space), here in JavaScript's words. */
const LONG_WORD = /[^\p{White_Space}]{25,}/u;

/** Every text in a document's data, however deep in its lists. */
function* textsOf(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const each of value) yield* textsOf(each);
  else if (value && typeof value === 'object') for (const each of Object.values(value)) yield* textsOf(each);
}

/**
 * Whether the template must break long words (typst-template.ts). Each text is tested alone: the
 * template places every text in its own element or after a space or a line break, never glued to
 * another (a date's full stop is the only letter it adds to one). The verification page's address
 * is tested apart (hasLongAddressPart).
 */
export function hasLongWord(data: DocumentData): boolean {
  const { verifyUrl: _address, ...texts } = data;
  for (const text of textsOf(texts)) if (LONG_WORD.test(text)) return true;
  return false;
}

/**
 * Whether the verification page's address has a part, between two slashes (where Typst may break
 * a line), as long as a long word: only a long public address does.
 */
export function hasLongAddressPart(url: string): boolean {
  return url.split(/(?<=\/)/).some((part) => LONG_WORD.test(part));
}

/** The QR code as SVG: vector, no raster library, the same text for the same URL. */
function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 0 });
}

/**
 * Typst's compiler (chosen by measurement: see docs/official-documents.md), its fonts loaded once.
 * Deterministic: no creation date in the PDF, and Typst derives the document id from the content,
 * so the same inputs give the same bytes.
 */
export class TypstCompiler {
  private readonly compiler: NodeCompiler;
  private rendered = 0;

  /** `fonts`: the faces Typst may use; Tinos's, without their hinting, by default (font-hinting.ts). */
  constructor(fonts: Buffer[] = publishedTinosFaces().map(withoutHinting)) {
    this.compiler = NodeCompiler.create({ fontArgs: [{ fontBlobs: fonts }] });
  }

  /** `breakLongWords`: true renders as if a text had a long word (tests: the bytes must not differ). */
  async compile(data: DocumentData, breakLongWords = hasLongWord(data)): Promise<Buffer> {
    const inputs = {
      data: JSON.stringify(data),
      qr: await qrSvg(data.verifyUrl),
      longWords: breakLongWords ? 'yes' : 'no',
      longUrl: hasLongAddressPart(data.verifyUrl) ? 'yes' : 'no',
    };
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

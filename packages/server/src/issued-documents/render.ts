import { documentData, type PrintedDocument } from './document-data.ts';
import { TypstCompiler } from './typst-compiler.ts';

export type { PrintedDocument } from './document-data.ts';

/** Renders documents in this thread: one Typst compiler (typst-compiler.ts) with its fonts and caches. */
export class DocumentRenderer {
  private readonly compiler = new TypstCompiler();

  render(document: PrintedDocument): Promise<Buffer> {
    return this.compiler.compile(documentData(document));
  }
}

let shared: DocumentRenderer | null = null;
/** One renderer per process: its compiler holds the fonts and Typst's caches. */
export function sharedRenderer(): DocumentRenderer {
  shared ??= new DocumentRenderer();
  return shared;
}

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentData } from '../../src/issued-documents/document-data.ts';
import { withoutHinting } from '../../src/issued-documents/font-hinting.ts';
import { publishedTinosFaces, TypstCompiler } from '../../src/issued-documents/typst-compiler.ts';
import { pdfGlyphRuns } from '../support/pdf-glyph-runs.ts';
import { sampleDecision } from '../support/sample-document.ts';

const dir = mkdtempSync(join(tmpdir(), 'doanflow-hinting-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The table tags of a TrueType font (its table directory). */
const tablesOf = (font: Uint8Array) => {
  const view = Buffer.from(font);
  return Array.from({ length: view.readUInt16BE(4) }, (_, index) =>
    view.toString('latin1', 12 + index * 16, 16 + index * 16),
  );
};

/** The TrueType programs a PDF embeds (its /FontFile2 streams, inflated). */
function embeddedFonts(pdf: Buffer): Buffer[] {
  const text = pdf.toString('latin1');
  return [...text.matchAll(/\/FontFile2 (\d+) 0 R/g)].map(([, object]) => {
    const start = new RegExp(`\\n${object} 0 obj\\s*<<([^]*?)>>\\s*stream\\r?\\n`).exec(text)!;
    const length = Number(/\/Length (\d+)/.exec(start[1]!)![1]);
    const at = start.index + start[0].length;
    return inflateSync(pdf.subarray(at, at + length));
  });
}

/** Page 1 at 100 dpi as poppler draws it. */
function rasterised(pdf: Buffer, name: string): Buffer {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-r', '100', '-f', '1', '-l', '1', '-gray', file, join(dir, name)]);
  return readFileSync(join(dir, `${name}-1.pgm`));
}

const HINTING = ['fpgm', 'prep', 'cvt '];
let published: Buffer;
let unhinted: Buffer;

beforeAll(async () => {
  const data = documentData(sampleDecision);
  published = await new TypstCompiler(publishedTinosFaces()).compile(data);
  unhinted = await new TypstCompiler().compile(data);
});

describe('official documents embed Tinos without its hinting', () => {
  it('draws every glyph of a decision where the fonts as published draw it, and the page alike', async () => {
    expect(await pdfGlyphRuns(unhinted)).toEqual(await pdfGlyphRuns(published));
    expect(rasterised(unhinted, 'unhinted').equals(rasterised(published, 'published'))).toBe(true);
  });

  it('embeds fonts with no hinting programs, in a PDF at least a fifth smaller', () => {
    const fonts = embeddedFonts(unhinted);
    expect(fonts).toHaveLength(4); // regular, bold, italic, bold italic
    for (const font of fonts) expect(tablesOf(font).filter((tag) => HINTING.includes(tag))).toEqual([]);
    // As published, every face brings its hinting into the PDF.
    for (const font of embeddedFonts(published))
      expect(tablesOf(font)).toEqual(expect.arrayContaining(HINTING));
    expect(unhinted.length).toBeLessThan(published.length * 0.8);
  });

  it('keeps every other table of a face and leaves a font without glyf outlines as it is', () => {
    const [regular] = publishedTinosFaces();
    const stripped = withoutHinting(regular!);
    expect(tablesOf(stripped)).toEqual(
      tablesOf(regular!).filter((tag) => !['fpgm', 'prep', 'cvt ', 'hdmx', 'LTSH', 'VDMX'].includes(tag)),
    );
    // OpenType's whole-file checksum comes out at its constant.
    let sum = 0;
    for (let at = 0; at < stripped.length; at += 4) sum = (sum + stripped.readUInt32BE(at)) >>> 0;
    expect(sum).toBe(0xb1b0afba);
    const cff = Buffer.from(regular!);
    cff.write('CFF ', 12 + tablesOf(regular!).indexOf('glyf') * 16, 'latin1');
    expect(withoutHinting(cff)).toBe(cff);
  });
});

import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** A run of text as pdf.js places it: its page, the embedded font's name, and its extent in points. */
export interface GlyphRun {
  page: number;
  text: string;
  font: string;
  left: number;
  right: number;
  pageWidth: number;
}

/** Every text run of a PDF with the font that draws it (the embedded font's own name, e.g. "Tinos-Bold"). */
export async function pdfGlyphRuns(bytes: Uint8Array): Promise<GlyphRun[]> {
  const task = getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, fontExtraProperties: true });
  const pdf = await task.promise;
  const runs: GlyphRun[] = [];
  for (let n = 1; n <= pdf.numPages; n += 1) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent();
    // The operator list loads the page's fonts into commonObjs, where their real names are.
    await page.getOperatorList();
    const [, , pageWidth] = page.view as [number, number, number, number];
    for (const item of content.items) {
      if (!('str' in item) || item.str.trim() === '') continue;
      const font = page.commonObjs.get(item.fontName) as { name?: string };
      const left = item.transform[4] as number;
      runs.push({
        page: n,
        text: item.str.normalize('NFC'),
        font: font.name ?? '',
        left,
        right: left + item.width,
        pageWidth,
      });
    }
  }
  await task.destroy();
  return runs;
}

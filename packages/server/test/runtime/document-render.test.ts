import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { documentData } from '../../src/issued-documents/document-data.ts';
import { DocumentRenderer, type PrintedDocument } from '../../src/issued-documents/render.ts';
import { hasLongAddressPart, hasLongWord, TypstCompiler } from '../../src/issued-documents/typst-compiler.ts';
import { pdfGlyphRuns } from '../support/pdf-glyph-runs.ts';
import { pdfText } from '../support/pdf-text.ts';
import { allDiacritics, sampleDecision } from '../support/sample-document.ts';

const renderer = new DocumentRenderer();
const dir = mkdtempSync(join(tmpdir(), 'doanflow-render-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Glyph runs that end past the page's right margin (15 mm), with half a point of tolerance. */
const pastTheMargin = (runs: Awaited<ReturnType<typeof pdfGlyphRuns>>) =>
  runs
    .filter((run) => run.right > run.pageWidth - 15 * (72 / 25.4) + 0.5)
    .map(({ text, right }) => ({ text: text.slice(0, 30), right }));

describe('official documents rendered with Typst', () => {
  it('keeps every Vietnamese diacritic of its inputs in the PDF text', async () => {
    const text = await pdfText(await renderer.render(sampleDecision));
    const model = sampleDecision.model;
    const inputs = [
      ...model.issuerLines,
      model.title,
      model.about,
      model.authority,
      ...model.grounds,
      ...model.body,
      ...model.recipients,
      model.signature.heading,
      model.signature.title,
      model.signature.name,
      sampleDecision.number,
      sampleDecision.place,
      ...sampleDecision.annex!.rows.flat(),
    ].join(' ');
    const marked = [
      ...new Set([...inputs.normalize('NFC')].filter((c) => c.normalize('NFD') !== c || /[đĐ]/.test(c))),
    ];
    expect(marked.length).toBeGreaterThanOrEqual(allDiacritics.replaceAll(' ', '').length);
    expect(marked.filter((c) => !text.includes(c))).toEqual([]);
    for (const line of [
      'ĐOÀN TNCS HỒ CHÍ MINH',
      'Số: 12-QĐ/TĐTN-VP',
      'Đà Nẵng, ngày 02 tháng 12 năm 2026',
      'Nơi nhận:',
      'TM. BAN THƯỜNG VỤ',
      'Nguyễn Thị Hà',
      '***',
    ]) {
      expect(text).toContain(line);
    }
  });

  it('draws every Vietnamese letter with Tinos itself, in regular, bold and italic (no fallback, no missing glyph)', async () => {
    const letters = [...allDiacritics.replaceAll(' ', '')];
    const everyFace: PrintedDocument = {
      ...sampleDecision,
      model: {
        ...sampleDecision.model,
        about: `Về việc ${allDiacritics}`, // bold
        grounds: [`Căn cứ ${allDiacritics};`], // italic
        body: [`Điều 1. ${allDiacritics}`], // regular
      },
    };
    const runs = await pdfGlyphRuns(await renderer.render(everyFace));
    // A glyph the font lacks comes out as U+0000 (Typst is told to fall back on nothing).
    expect(runs.filter((run) => run.text.includes('\u0000'))).toEqual([]);
    expect(new Set(runs.map((run) => run.font.replace(/^[A-Z]{6}\+/, '')))).toEqual(
      new Set(['Tinos-Regular', 'Tinos-Bold', 'Tinos-Italic', 'Tinos-BoldItalic']),
    );
    for (const face of ['Tinos-Regular', 'Tinos-Bold', 'Tinos-Italic']) {
      const drawn = runs
        .filter((run) => run.font.endsWith(`+${face}`))
        .map((run) => run.text)
        .join(' ');
      expect({ face, missing: letters.filter((letter) => !drawn.includes(letter)) }).toEqual({
        face,
        missing: [],
      });
    }
  });

  it('breaks a long word with no spaces inside the right margin, in the body and in the list', async () => {
    const token = 'Đ' + 'ẦuMốiLiênHệ'.repeat(18) + 'x'; // 200 characters, no break opportunity
    expect(token).toHaveLength(200);
    const longWord: PrintedDocument = {
      ...sampleDecision,
      model: { ...sampleDecision.model, body: [`Điều 1. Gửi hồ sơ về ${token} trước ngày 10.`] },
      annex: { ...sampleDecision.annex!, rows: [['1', token, 'Giấy khen']] },
    };
    const runs = await pdfGlyphRuns(await renderer.render(longWord));
    expect(pastTheMargin(runs)).toEqual([]);
    // Every letter of the token is still there, in order, in the body and in the list.
    const text = runs.map((run) => run.text).join('');
    expect(text.split(token)).toHaveLength(3);
  });

  it('breaks a long word wherever the template places one: a ground, a recipient, the signer', async () => {
    const token = 'Đ' + 'ẦuMốiLiênHệ'.repeat(18) + 'x';
    const { model } = sampleDecision;
    const longWords: PrintedDocument = {
      ...sampleDecision,
      model: {
        ...model,
        grounds: [...model.grounds, `Căn cứ ${token};`],
        recipients: [...model.recipients, token],
        signature: { ...model.signature, name: token },
      },
    };
    const runs = await pdfGlyphRuns(await renderer.render(longWords));
    expect(pastTheMargin(runs)).toEqual([]);
    expect(
      runs
        .map((run) => run.text)
        .join('')
        .split(token),
    ).toHaveLength(4);
  });

  it('breaks the verification address after its slashes, and inside a part too long for the line', async () => {
    for (const verifyUrl of [
      'https://doanflow.tinhdoan.example.vn/verify/K7Q2M9XD4HPA',
      // Typst breaks an ASCII part this long by itself at the margin, but not one with Vietnamese letters.
      `https://doanflow.example.vn/${'ĐẦuMốiLiênHệ'.repeat(10)}/verify/K7Q2M9XD4HPA`,
    ]) {
      const runs = await pdfGlyphRuns(await renderer.render({ ...sampleDecision, annex: null, verifyUrl }));
      expect(pastTheMargin(runs)).toEqual([]);
      expect(runs.map((run) => run.text).join('')).toContain(verifyUrl);
    }
  });

  it('tells a long word as Typst does: 25 letters without a space, whatever the space', () => {
    const data = (body: string) =>
      documentData({ ...sampleDecision, model: { ...sampleDecision.model, body: [body] } });
    expect(hasLongWord(documentData(sampleDecision))).toBe(false);
    expect(hasLongWord(data('a'.repeat(24)))).toBe(false);
    expect(hasLongWord(data(`Gửi ${'a'.repeat(25)}.`))).toBe(true);
    expect(hasLongWord(data(`${'a'.repeat(20)}\u00a0${'a'.repeat(20)}`))).toBe(false); // no-break space
    expect(hasLongWord(data(`${'a'.repeat(20)}\ufeff${'a'.repeat(20)}`))).toBe(true); // not a space to Typst
    const annex = { ...sampleDecision.annex!, rows: [['1', 'b'.repeat(30), 'Giấy khen']] };
    expect(hasLongWord(documentData({ ...sampleDecision, annex }))).toBe(true);
    // The address is the deployment's and a code: tested apart, by its parts between slashes.
    expect(hasLongWord(documentData({ ...sampleDecision, verifyUrl: `https://${'a'.repeat(40)}` }))).toBe(
      false,
    );
    expect(hasLongAddressPart('http://127.0.0.1:40269/verify/K7Q2M9XD4HPA')).toBe(false);
    expect(hasLongAddressPart(`https://x.vn/${'a'.repeat(23)}/verify/K7Q2M9XD4HPA`)).toBe(false);
    expect(hasLongAddressPart(`https://x.vn/${'a'.repeat(24)}/verify/K7Q2M9XD4HPA`)).toBe(true);
  });

  it('renders a document without a long word exactly as with the long-word rule on (it is only skipped)', async () => {
    const compiler = new TypstCompiler();
    // An address shorter than a long word: with the rule on, nothing in this document matches it.
    const verifyUrl = 'http://x.vn/K7Q2M9XD4HPA';
    for (const document of [sampleDecision, { ...sampleDecision, annex: null }]) {
      const data = documentData({ ...document, verifyUrl });
      expect(hasLongWord(data)).toBe(false);
      expect(sha256(await compiler.compile(data))).toBe(sha256(await compiler.compile(data, true)));
    }
  });

  it('is deterministic: the same inputs give the same bytes, in another compiler too', async () => {
    const first = await renderer.render(sampleDecision);
    const second = await renderer.render(sampleDecision);
    const elsewhere = await new DocumentRenderer().render(sampleDecision);
    expect(sha256(second)).toBe(sha256(first));
    expect(sha256(elsewhere)).toBe(sha256(first));
    const other = await renderer.render({ ...sampleDecision, number: '13-QĐ/TĐTN-VP' });
    expect(sha256(other)).not.toBe(sha256(first));
  });

  it('is A4 with its fonts embedded from the package, and its first page rasterises (poppler)', async () => {
    const file = join(dir, 'decision.pdf');
    writeFileSync(file, await renderer.render(sampleDecision));
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    expect(info).toMatch(/Pages:\s+2/);
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts).toHaveLength(4);
    for (const font of fonts)
      expect(font).toMatch(/^[A-Z]{6}\+Tinos-\w+\s+CID TrueType\s.*\byes\s+yes\s+yes\b/);
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '60',
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      file,
      join(dir, 'page'),
    ]);
    const png = readFileSync(join(dir, 'page.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(497); // 595.3 pt (210 mm) at 60 dpi, rounded up
  });
});

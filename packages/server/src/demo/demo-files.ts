import { crc32, deflateSync } from 'node:zlib';

/**
 * Small real files for the demo's dossiers (and tests): a one-page A4 PDF with a Union letterhead
 * and a photo-like PNG. The PDF uses a standard font, which has no Vietnamese letters, so its text
 * is written without diacritics; the files are valid and open in any viewer.
 */

const ascii = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]/g, '?')
    .replace(/[\\()]/g, (c) => `\\${c}`);

export interface PaperContent {
  /** The issuing body, e.g. "DOAN XA TRA DOC". */
  issuer: string;
  title: string;
  lines: readonly string[];
  place?: string;
  signer?: string;
}

/** A one-page A4 PDF: letterhead, title, body lines, signature block. */
export function demoPdf(content: PaperContent): Buffer {
  const text: string[] = [
    'BT /F1 11 Tf 60 790 Td',
    `(DOAN TNCS HO CHI MINH) Tj 0 -14 Td (${ascii(content.issuer.toUpperCase())}) Tj 0 -12 Td (***) Tj`,
    'ET',
    'BT /F1 11 Tf 330 790 Td (CONG HOA XA HOI CHU NGHIA VIET NAM) Tj 0 -14 Td (Doc lap - Tu do - Hanh phuc) Tj ET',
    `BT /F2 15 Tf 60 700 Td (${ascii(content.title.toUpperCase())}) Tj ET`,
    'BT /F1 12 Tf 60 660 Td 16 TL',
    ...content.lines.map((line) => `(${ascii(line)}) Tj T*`),
    'ET',
  ];
  if (content.signer) {
    text.push(
      `BT /F1 11 Tf 340 ${Math.max(120, 640 - content.lines.length * 16 - 40)} Td`,
      `(${ascii(content.place ?? '')}) Tj 0 -40 Td (${ascii(content.signer)}) Tj ET`,
    );
  }
  const stream = text.join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Times-Bold /Encoding /WinAnsiEncoding >>',
  ];
  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** A PNG of `width`×`height` RGB pixels given by `pixel(x, y)`. */
export function png(
  width: number,
  height: number,
  pixel: (x: number, y: number) => [number, number, number],
) {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y += 1) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x += 1) raw.set(pixel(x, y), row + 1 + x * 3);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A photo-like scene: sky, a hall with a red banner, people in a row; `seed` varies it. */
export function demoPhoto(seed = 1, width = 480, height = 320): Buffer {
  const people = Array.from({ length: 6 + (seed % 4) }, (_, i) => 40 + i * ((width - 80) / (6 + (seed % 4))));
  return png(width, height, (x, y) => {
    const horizon = height * 0.55;
    if (y < horizon * 0.35 && x > width * 0.2 && x < width * 0.8 && y > horizon * 0.15) return [196, 30, 36];
    for (const left of people) {
      if (x > left && x < left + 22 && y > horizon - 10 && y < horizon + 70) {
        return y < horizon + 8 ? [222, 184, 150] : [30 + seed * 20, 70, 140];
      }
    }
    if (y < horizon) return [120 + (y * 80) / horizon, 170 + (y * 50) / horizon, 230];
    return [70 + ((x + seed * 13) % 40), 140 - ((y - horizon) * 40) / height, 70];
  });
}

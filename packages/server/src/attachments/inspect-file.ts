import { open, type FileHandle } from 'node:fs/promises';
import { fileTypes, type FileType, type MediaType } from '@doanflow/engine';
import { fileTypeFromFile } from 'file-type';
import { ServerError } from '../errors.ts';
import {
  defaultZipLimits,
  entryText,
  findEndRecord,
  inflateEntry,
  readZipDirectory,
  type ZipLimits,
} from './zip-check.ts';

/**
 * Decides what a stored-to-be file is from its bytes alone, and refuses it unless it is, wholly and
 * only, one of the accepted types: a PDF, JPEG, PNG or WebP with nothing hidden before or after it,
 * or an office document whose ZIP container passes zip-check.ts. Markup (HTML, SVG), scripts,
 * executables, archives and polyglots are refused with a stable code.
 */

export interface Inspected {
  type: FileType;
  mediaType: MediaType;
}

const byMediaType = new Map(
  Object.entries(fileTypes).map(([type, media]) => [media as string, type as FileType]),
);

const SAMPLE = 4096;
// Markup a browser would run if it ever rendered the bytes as a page.
const MARKUP = /<(?:!doctype\s+html|html|head|body|script|svg|iframe|object|embed|meta\s+http-equiv)\b/i;

const refused = (detected: string, message = `files of type ${detected} are not accepted`) =>
  new ServerError('UNSUPPORTED_FILE_TYPE', message, { detected });
const polyglot = (message: string, also: string) => new ServerError('POLYGLOT_FILE', message, { also });
const malformed = (message: string) => new ServerError('MALFORMED_FILE', message, {});

/** What a file that no binary signature matched looks like, for a useful refusal. */
export function sniffText(head: Buffer): string {
  const text = head
    .toString('latin1')
    .replace(/^(\xef\xbb\xbf|\xfe\xff|\xff\xfe)/, '')
    .trimStart()
    .toLowerCase();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!doctype svg[^>]*>\s*)?<svg\b/.test(text))
    return 'image/svg+xml';
  if (MARKUP.test(text.slice(0, 1024)) || text.startsWith('<!--')) return 'text/html';
  if (text.startsWith('#!')) return 'text/x-shellscript';
  if (text.startsWith('<?php')) return 'application/x-httpd-php';
  if (text.startsWith('<?xml')) return 'application/xml';
  // oxlint-disable-next-line no-control-regex -- printable text is what is left after the controls
  if (!/[\x00-\x08\x0e-\x1f]/.test(text)) return 'text/plain';
  return 'application/octet-stream';
}

async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

export async function inspectFile(
  path: string,
  size: number,
  zipLimits: ZipLimits = defaultZipLimits,
): Promise<Inspected> {
  if (size === 0) throw new ServerError('EMPTY_FILE', 'the file is empty', {});
  const file = await open(path, 'r');
  try {
    const head = await readAt(file, 0, Math.min(size, SAMPLE));
    const tail = await readAt(file, Math.max(0, size - SAMPLE), Math.min(size, SAMPLE));
    const detected = await fileTypeFromFile(path);
    const type = detected ? byMediaType.get(detected.mime) : undefined;
    // file-type names any XML "application/xml": say which markup it is (an SVG, say).
    if (!type)
      throw refused(!detected || detected.mime === 'application/xml' ? sniffText(head) : detected.mime);
    if (type === 'docx' || type === 'xlsx' || type === 'odt') {
      await checkOfficeDocument(file, path, size, type, zipLimits);
    } else {
      if (MARKUP.test(head.toString('latin1')) || MARKUP.test(tail.toString('latin1'))) {
        throw polyglot(`the ${type.toUpperCase()} file also holds web page markup`, 'text/html');
      }
      if ((await findEndRecord(file, size)) !== null) {
        throw polyglot(`the ${type.toUpperCase()} file is also a ZIP archive`, 'application/zip');
      }
      await checkEnds[type](file, size, head, tail);
    }
    return { type, mediaType: fileTypes[type] };
  } finally {
    await file.close();
  }
}

type EndCheck = (file: FileHandle, size: number, head: Buffer, tail: Buffer) => Promise<void>;

/** Each image or PDF must begin at byte 0 and end where the file ends: nothing rides along. */
const checkEnds: Record<'pdf' | 'jpeg' | 'png' | 'webp', EndCheck> = {
  async pdf(_file, _size, head, tail) {
    if (!/^%PDF-[12]\.\d/.test(head.toString('latin1', 0, 8))) {
      throw malformed('the PDF does not begin with its header');
    }
    if (!tail.toString('latin1').includes('%%EOF')) throw malformed('the PDF has no end marker');
  },
  async jpeg(_file, _size, head) {
    if (head[0] !== 0xff || head[1] !== 0xd8 || head[2] !== 0xff)
      throw malformed('the JPEG has no start marker');
  },
  async png(file, size) {
    // Walk the chunks: IEND must be the last bytes of the file.
    let at = 8;
    for (let chunks = 0; at < size; chunks += 1) {
      const header = await readAt(file, at, 8);
      if (header.length < 8 || chunks > 1_000_000) throw malformed('the PNG is cut short');
      const length = header.readUInt32BE(0);
      const name = header.toString('latin1', 4, 8);
      if (chunks === 0 && name !== 'IHDR') throw malformed('the PNG does not begin with IHDR');
      at += 12 + length;
      if (name === 'IEND') {
        if (at !== size) throw polyglot('the PNG has data after its end', 'application/octet-stream');
        return;
      }
    }
    throw malformed('the PNG has no IEND chunk');
  },
  async webp(_file, size, head) {
    if (head.toString('latin1', 0, 4) !== 'RIFF' || head.toString('latin1', 8, 12) !== 'WEBP') {
      throw malformed('the WebP has no RIFF header');
    }
    if (head.readUInt32LE(4) + 8 !== size) {
      throw polyglot('the WebP file does not end where its RIFF container does', 'application/octet-stream');
    }
  },
};

/** The parts each office format must have; the ODF mimetype must be the first, stored, entry. */
async function checkOfficeDocument(
  file: FileHandle,
  path: string,
  size: number,
  type: 'docx' | 'xlsx' | 'odt',
  limits: ZipLimits,
): Promise<void> {
  const entries = await readZipDirectory(file, size, limits);
  const named = new Map(entries.map((entry) => [entry.name, entry]));
  if (
    entries.some((entry) => /(^|\/)vbaProject\.bin$/i.test(entry.name) || entry.name.startsWith('Basic/'))
  ) {
    throw refused('application/vnd.ms-office.macro', 'documents with macros are not accepted');
  }
  const required = {
    docx: ['[Content_Types].xml', 'word/document.xml'],
    xlsx: ['[Content_Types].xml', 'xl/workbook.xml'],
    odt: ['mimetype', 'content.xml'],
  }[type];
  for (const name of required) {
    if (!named.has(name)) throw malformed(`the ${type.toUpperCase()} document has no ${name}`);
  }
  if (type === 'odt') {
    const first = [...entries].sort((a, b) => a.localOffset - b.localOffset)[0]!;
    if (first.name !== 'mimetype' || first.method !== 0)
      throw malformed('the ODT mimetype entry must come first, stored');
    if ((await entryText(path, first)) !== fileTypes.odt) throw malformed('the ODT mimetype is wrong');
  } else if (/macroEnabled/i.test(await entryText(path, named.get('[Content_Types].xml')!))) {
    throw refused('application/vnd.ms-office.macro', 'documents with macros are not accepted');
  }
  // Bounded decompression of every entry: sizes and checksums must be what the directory says.
  for (const entry of entries) await inflateEntry(path, entry);
}

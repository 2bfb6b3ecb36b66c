import { fileTypes, type FileType } from '@doanflow/engine';
import { ServerError } from '../errors.ts';

/** The extensions each type may carry; a name with another extension contradicts its bytes. */
const extensions: Record<FileType, readonly string[]> = {
  pdf: ['pdf'],
  jpeg: ['jpg', 'jpeg', 'jpe', 'jfif'],
  png: ['png'],
  webp: ['webp'],
  docx: ['docx'],
  xlsx: ['xlsx'],
  odt: ['odt'],
};

// C0 and C1 controls, DEL, and the bidirectional overrides that make "gpj.exe" read as "exe.jpg".
// oxlint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
const MAX_NAME_BYTES = 255;

const refuse = (message: string, reason: string) => new ServerError('INVALID_FILE_NAME', message, { reason });

/**
 * The name an officer gave the file, as it will be shown and offered back on download: NFC, no
 * path parts, no control characters, at most 255 bytes. Refused rather than repaired, so what the
 * officer sees is what they sent.
 */
export function cleanFileName(raw: string | undefined): string {
  const name = (raw ?? '').normalize('NFC').trim();
  if (name === '') throw refuse('the file has no name', 'empty');
  if (CONTROL.test(name)) throw refuse('the file name contains control characters', 'control');
  if (/[/\\]/.test(name) || name === '.' || name === '..') {
    throw refuse('the file name must not contain a path', 'path');
  }
  if (Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES) throw refuse('the file name is too long', 'length');
  return name;
}

/** Refuses a name whose extension says another type than the bytes do ("anh.pdf" holding a PNG). */
export function checkExtension(name: string, type: FileType): void {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return; // no extension: the bytes alone decide
  const extension = name.slice(dot + 1).toLowerCase();
  if (!extensions[type].includes(extension)) {
    throw new ServerError(
      'UNSUPPORTED_FILE_TYPE',
      `the file is a ${type.toUpperCase()} but its name ends in .${extension}`,
      { reason: 'extension', detected: fileTypes[type], extension },
    );
  }
}

/** `Content-Disposition` with an ASCII fallback and the real (UTF-8) name (RFC 6266 / 8187). */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const fallback = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, (letter) => (letter === 'đ' ? 'd' : 'D'))
    .replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

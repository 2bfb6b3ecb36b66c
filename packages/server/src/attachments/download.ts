import type { ByteRange } from './blob-stores/blob-store.ts';

/**
 * One byte range of a `Range: bytes=…` header against a file of `size` bytes: the range, null when
 * the header is absent or not one we serve (several ranges: the whole file is sent, as HTTP
 * allows), or 'unsatisfiable' (416).
 */
export function parseRange(header: string | undefined, size: number): ByteRange | null | 'unsatisfiable' {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, from, to] = match as unknown as [string, string, string];
  if (from === '' && to === '') return null;
  if (from === '') {
    const suffix = Number(to);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(from);
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

/** A strong entity tag: the content's SHA-256, which never changes for the same bytes. */
export const etagOf = (sha256: string) => `"sha256-${sha256}"`;

/** Whether an If-None-Match header names this tag (or "*"). */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}

/** Only PDFs and images may be shown in the page; everything else is offered as a download. */
export const showsInline = (mediaType: string) =>
  mediaType === 'application/pdf' || mediaType.startsWith('image/');

/**
 * The sandbox a file lives in if a browser opens it directly: no scripts, no plugins, no forms, no
 * same-origin access, nothing loaded from anywhere.
 */
export const FILE_CSP = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox";

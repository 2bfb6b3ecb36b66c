import { createHash } from 'node:crypto';
import type { HistoryEntry } from '@doanflow/engine';

/** JSON with object keys sorted and undefined members dropped: the same bytes after a jsonb round trip. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, inner]) => inner !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`).join(',')}}`;
}

/** sha256 of the previous entry's hash followed by this entry's canonical JSON. */
export function entryHash(prevHash: string | null, entry: HistoryEntry): string {
  return createHash('sha256')
    .update(prevHash ?? '')
    .update(canonicalJson(entry))
    .digest('hex');
}

/** Checks a whole chain; returns the seq of the first broken entry, or null when intact. */
export function verifyChain(
  rows: readonly { entry: HistoryEntry; prevHash: string | null; hash: string }[],
): number | null {
  let prev: string | null = null;
  for (const row of rows) {
    if (row.prevHash !== prev || entryHash(prev, row.entry) !== row.hash) return row.entry.seq;
    prev = row.hash;
  }
  return null;
}

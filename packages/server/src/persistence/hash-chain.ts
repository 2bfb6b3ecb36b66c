import { createHash } from 'node:crypto';
import type { HistoryEntry } from '@doanflow/engine';

/** Keys written as JSON (`"seq":`), remembered: an entry's keys are mostly the same on every step. */
const quotedKeys = new Map<string, string>();
const QUOTED_KEYS_KEPT = 10_000;

function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = `${JSON.stringify(key)}:`;
    if (quotedKeys.size >= QUOTED_KEYS_KEPT) quotedKeys.clear();
    quotedKeys.set(key, quoted);
  }
  return quoted;
}

/**
 * JSON with object keys sorted and undefined members dropped: the same bytes after a jsonb round trip.
 * Written as loops appending to one string (every start and decision hashes its entry): the bytes
 * are those of the map/filter/sort form it replaced, holes of a sparse array left empty as
 * Array#join left them (canonical-json.test.ts).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i += 1) {
      if (i > 0) out += ',';
      if (i in value) out += canonicalJson(value[i] ?? null);
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  // Own enumerable string keys, as Object.entries gives them; the default sort is code-unit order.
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const inner = record[key];
    if (inner === undefined) continue;
    out += `${first ? '' : ','}${quotedKey(key)}${canonicalJson(inner)}`;
    first = false;
  }
  return `${out}}`;
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

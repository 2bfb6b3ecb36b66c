import { describe, expect, it } from 'vitest';
import { InstanceDriver } from '@doanflow/engine/testing';
import { memberTransfer, type HistoryEntry } from '@doanflow/engine';
import { canonicalJson, entryHash } from '../../src/persistence/hash-chain.ts';

/** canonicalJson as first written (map, filter, sort, join): the bytes every stored hash was made of. */
function referenceCanonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => referenceCanonicalJson(item ?? null)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, inner]) => inner !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${referenceCanonicalJson(inner)}`).join(',')}}`;
}

/** A whole member transfer's history, as the engine writes it. */
function transferHistory(): HistoryEntry[] {
  const driver = new InstanceDriver(memberTransfer, { now: '2026-03-02T02:00:00Z' }).start('p-an', {
    memberId: 'p-an',
    kind: 'permanent',
    sourceBranchId: 'cd-thon2',
    destinationBaseId: 'hoachau',
    reason: 'Chuyển nơi làm việc về Đà Nẵng',
  });
  driver.send('p-an', 'SUBMIT');
  driver.clock.advanceDays(1);
  driver.send('p-binh', 'CONFIRM', { duesPaidThrough: '2026-02', memberBookComment: 'Tốt' });
  driver.clock.advanceDays(1);
  driver.send('p-khanh', 'ISSUE_REFERRAL', { referralNumber: '12/GGT-ĐTN', issuedOn: '2026-03-04' });
  return driver.history;
}

describe('canonicalJson', () => {
  it.each([
    ['scalars', [null, true, 0, -1.5, 1e21, 'chuỗi "có" \\ dấu\n', undefined, Number.NaN]],
    [
      'keys in code-unit order, undefined members dropped',
      { b: 1, a: undefined, A: [1, { z: 2, y: null }], é: 'e', '10': 1, '9': 2 },
    ],
    [
      'nested arrays, undefined items as null',
      [[], [undefined, null, [{}]], { list: [1, 'x', { k: undefined }] }],
    ],
    // eslint-disable-next-line no-sparse-arrays
    ['holes of a sparse array', [1, , 3]],
    ['a Date and a Map (no own keys)', { at: new Date(0), map: new Map([['a', 1]]) }],
    ['keys that need escaping', { 'a"b': 1, 'c\\d': 2, '\u0000': 3, '\ud800': 4 }],
  ])('writes %s as before', (_, value) => {
    expect(canonicalJson(value)).toBe(referenceCanonicalJson(value));
  });

  it('writes every entry of a transfer as before, and the hash chain is unchanged', () => {
    const history = transferHistory();
    let prev: string | null = null;
    for (const entry of history) {
      expect(canonicalJson(entry)).toBe(referenceCanonicalJson(entry));
      prev = entryHash(prev, entry);
    }
    expect(history).toHaveLength(4);
    // The chain's last hash, computed by the first canonicalJson: a stored chain still verifies.
    expect(prev).toBe('f4abb9926c02fcba30911de57454fd551ad8b8eab16a6e1d18149e2d9ede35ad');
  });
});

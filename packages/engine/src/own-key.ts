/**
 * A record's own entry for a key the caller chose, never one inherited from Object.prototype: an
 * event type or document kind named `constructor`, `__proto__` or `toString` is simply unknown.
 */
export function ownEntry<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

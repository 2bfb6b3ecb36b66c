/**
 * JSON in one key order. PostgreSQL's jsonb hands objects back with their keys reordered (shortest
 * first), so a snapshot read back differed from the engine's — a parallel state's regions came back
 * swapped. The engine returns every snapshot in this form and the server reads jsonb into it, so
 * what is stored, read back and replayed is the same value, byte for byte once serialised.
 */

/** A parsed JSON value rebuilt with every object's keys in code-unit order (arrays keep theirs). */
function sorted(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(sorted);
  const source = value as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(source).sort()) {
    if (key === '__proto__') {
      // An own "__proto__" (JSON allows it) must stay data, not become the prototype.
      Object.defineProperty(result, key, { value: sorted(source[key]), enumerable: true, writable: true });
    } else {
      result[key] = sorted(source[key]);
    }
  }
  return result;
}

/** Parses JSON text into canonical form (the server's jsonb reader). */
export function parseCanonical(text: string): unknown {
  return sorted(JSON.parse(text));
}

/**
 * A JSON value in canonical form: keys sorted, undefined members dropped, as JSON would store it.
 * The same value as parseCanonical(JSON.stringify(value)) in one walk, without the text in between:
 * every engine step canonicalises its snapshot, and the round trip through text was a tenth of a
 * step's time.
 */
export function canonical<T>(value: T): T {
  const result = jsonValue(value, '');
  if (result === undefined) throw new TypeError('canonical: the value has no JSON form');
  return result as T;
}

/** What JSON.stringify would write for `value` (undefined: nothing), as a canonical value. */
function jsonValue(value: unknown, key: string): unknown {
  let v = value;
  if (v !== null && (typeof v === 'object' || typeof v === 'bigint')) {
    const toJSON = (v as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') v = (toJSON as (key: string) => unknown).call(v, key);
  }
  if (isBoxedPrimitive(v)) v = v.valueOf();
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      // JSON writes non-finite numbers as null and -0 as 0.
      return Number.isFinite(v) ? v + 0 : null;
    case 'bigint':
      throw new TypeError('Do not know how to serialize a BigInt');
    case 'object':
      if (v === null) return null;
      if (Array.isArray(v)) return v.map((item, index) => jsonValue(item, String(index)) ?? null);
      return jsonObject(v as Record<string, unknown>);
    default:
      return undefined; // undefined, functions, symbols
  }
}

const boxed = new Set(['[object Number]', '[object String]', '[object Boolean]']);

/** new Number(1) and its kind, which JSON writes as the primitive (plain objects skip the tag test). */
function isBoxedPrimitive(v: unknown): v is { valueOf(): unknown } {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto === Object.prototype || proto === null || Array.isArray(v)) return false;
  return boxed.has(Object.prototype.toString.call(v));
}

function jsonObject(source: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(source).sort()) {
    const member = jsonValue(source[key], key);
    if (member === undefined) continue;
    if (key === '__proto__') {
      Object.defineProperty(result, key, {
        value: member,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else {
      result[key] = member;
    }
  }
  return result;
}

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

/** A JSON value in canonical form: keys sorted, undefined members dropped, as JSON would store it. */
export function canonical<T>(value: T): T {
  return parseCanonical(JSON.stringify(value)) as T;
}

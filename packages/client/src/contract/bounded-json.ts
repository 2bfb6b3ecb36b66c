import { z } from 'zod';

/** Deeper than any real input or payload; deeper still is an attack on whatever walks it next. */
export const MAX_JSON_DEPTH = 32;

/** Nesting depth of parsed JSON, walked without recursion so hostile depth cannot overflow the stack. */
export function jsonDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** Any JSON value, refused at the HTTP boundary when nested too deeply. */
export const boundedJson = z
  .unknown()
  .refine((value) => jsonDepth(value) <= MAX_JSON_DEPTH, `nested more than ${MAX_JSON_DEPTH} levels deep`);

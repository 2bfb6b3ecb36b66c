import { describe, expect, it } from 'vitest';
import { canonical, parseCanonical } from './canonical.ts';
import { stateName } from './snapshot.ts';

describe('canonical JSON', () => {
  it('orders every object key by code unit, keeps array order and drops undefined members', () => {
    const value = { zeta: 1, ab: { z: [{ y: 1, b: 2 }], a: undefined }, approval: 'x' };
    expect(JSON.stringify(canonical(value))).toBe('{"ab":{"z":[{"b":2,"y":1}]},"approval":"x","zeta":1}');
  });

  it('reads jsonb text (shorter keys first) into the same bytes as the engine value', () => {
    const engine = canonical({ review: { approval: 'pending', zeta: 'pending' } });
    const fromJsonb = parseCanonical('{"review": {"zeta": "pending", "approval": "pending"}}');
    expect(JSON.stringify(fromJsonb)).toBe(JSON.stringify(engine));
  });

  it('keeps an own "__proto__" member as data', () => {
    const parsed = parseCanonical('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
  });

  it('names a parallel state the same whichever order its regions come in', () => {
    const name = 'review.approval.pending|review.zeta.checked';
    expect(stateName({ review: { zeta: 'checked', approval: 'pending' } })).toBe(name);
    expect(stateName({ review: { approval: 'pending', zeta: 'checked' } })).toBe(name);
  });
});

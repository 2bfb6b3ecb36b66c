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

describe('canonical() without the text round trip', () => {
  const viaText = (value: unknown) => parseCanonical(JSON.stringify(value));
  const samples: unknown[] = [
    { b: 1, a: [3, undefined, () => 1, Symbol('s'), { d: undefined, c: null }] },
    { at: new Date('2026-12-03T10:00:00.000Z'), nested: { when: new Date(0) } },
    { n: Number.NaN, i: Number.POSITIVE_INFINITY, z: -0, f: 1.5, e: 1e21 },
    { custom: { toJSON: (key: string) => ({ key, y: 2, x: 1 }) } },
    { boxed: [Object(1), Object('two'), Object(false)] },
    [[], {}, '', 0, false, null],
    { ä: 1, Z: 2, a: 3, '10': 4, '9': 5, aa: { b: [{ é: 1, e: 2 }] } },
    'text',
    42,
    null,
  ];

  it('gives the same value and bytes as parsing the JSON text', () => {
    for (const sample of samples) {
      expect(canonical(sample)).toEqual(viaText(sample));
      expect(JSON.stringify(canonical(sample))).toBe(JSON.stringify(viaText(sample)));
    }
  });

  it('copies: the result shares no object with its input', () => {
    const input = { a: { b: [1, { c: 2 }] } };
    const out = canonical(input) as typeof input;
    expect(out.a).not.toBe(input.a);
    expect(out.a.b).not.toBe(input.a.b);
    expect(out.a.b[1]).not.toBe(input.a.b[1]);
  });

  it('keeps an own "__proto__" member as data and refuses what JSON refuses', () => {
    const withProto = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    const out = canonical(withProto) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(() => canonical({ big: 1n })).toThrow(TypeError);
    expect(() => canonical(undefined)).toThrow(TypeError);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical.ts';

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}',
    );
  });

  it('gives equal text for equal values whatever the key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const shuffled = JSON.parse(JSON.stringify(value), (_k, v: unknown) =>
          v && typeof v === 'object' && !Array.isArray(v)
            ? Object.fromEntries(Object.entries(v).reverse())
            : v,
        ) as unknown;
        expect(canonicalJson(shuffled)).toBe(canonicalJson(value));
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('leaves out undefined members and uses toJSON like JSON.stringify', () => {
    expect(canonicalJson({ a: undefined, b: new Date(0) })).toBe(
      '{"b":"1970-01-01T00:00:00.000Z"}',
    );
  });

  it('escapes strings as JSON does', () => {
    expect(canonicalJson({ 'k"\n': 'é\u2028' })).toBe(JSON.stringify({ 'k"\n': 'é\u2028' }));
  });

  it.each([
    [Number.NaN, 'PN_CANONICAL_JSON'],
    [{ a: Infinity }, 'PN_CANONICAL_JSON'],
    [[1, undefined], 'PN_CANONICAL_JSON'],
    [undefined, 'PN_CANONICAL_JSON'],
    [{ f: () => 1 }, 'PN_CANONICAL_JSON'],
    [10n, 'PN_CANONICAL_JSON'],
  ])('refuses %s', (value, code) => {
    expect(() => canonicalJson(value)).toThrow(expect.objectContaining({ code }));
  });

  it('refuses cycles but accepts a value repeated side by side', () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/refers back to itself/);
  });
});

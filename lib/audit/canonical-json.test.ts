import { describe, expect, it } from 'vitest';
import { canonicalJson, CanonicalJsonError, toJsonValue } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every depth and emits no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('gives the same text for objects that differ only in key order', () => {
    expect(canonicalJson({ x: 1, y: { p: true, q: null } })).toBe(canonicalJson({ y: { q: null, p: true }, x: 1 }));
  });

  it('omits undefined properties but keeps nulls, so a missing key and a null key hash differently', () => {
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
    expect(canonicalJson({ a: null })).not.toBe(canonicalJson({}));
  });

  it('writes undefined array items as null, like JSON.stringify', () => {
    expect(canonicalJson([1, undefined, 3])).toBe('[1,null,3]');
  });

  it('sorts keys by UTF-16 code units (RFC 8785 order), not by locale', () => {
    expect(canonicalJson({ b: 1, B: 2, é: 3, a: 4 })).toBe('{"B":2,"a":4,"b":1,"é":3}');
  });

  it('escapes strings exactly as JSON.stringify does', () => {
    const s = 'quote " backslash \\ newline \n tab \t emoji 🙂 control \u0001';
    expect(canonicalJson(s)).toBe(JSON.stringify(s));
  });

  it('writes numbers in shortest round-trip form', () => {
    expect(canonicalJson([1.0, -0, 0.1, 1e21, 5e-324, 2 ** 53 + 2])).toBe('[1,0,0.1,1e+21,5e-324,9007199254740994]');
  });

  it('serialises dates through toJSON (ISO strings)', () => {
    expect(canonicalJson({ at: new Date('2026-01-02T03:04:05.678Z') })).toBe('{"at":"2026-01-02T03:04:05.678Z"}');
  });

  it('refuses values JSON cannot carry instead of changing them', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(CanonicalJsonError);
    expect(() => canonicalJson({ n: Number.POSITIVE_INFINITY })).toThrow(/not representable/);
    expect(() => canonicalJson({ n: 10n })).toThrow(/bigint/);
    expect(() => canonicalJson(undefined)).toThrow(CanonicalJsonError);
  });

  it('refuses cycles but accepts the same object twice', () => {
    const shared = { k: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"k":1},"b":{"k":1}}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/cyclic/);
  });

  it('toJsonValue drops what JSON drops, so the stored value equals the hashed one', () => {
    expect(toJsonValue({ a: undefined, b: [undefined], c: new Date(0), f: () => 1 })).toEqual({ b: [null], c: '1970-01-01T00:00:00.000Z' });
  });
});

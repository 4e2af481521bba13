import { describe, expect, it } from 'vitest';
import { locateJsonError } from './ingest-json-error';

describe('locateJsonError', () => {
  it.each([
    ['{"a":1}', null],
    ['[1, "x", {"b": [true, false, null]}, -1.5e3]', null],
    ['  {}  ', null],
  ])('accepts valid JSON %s', (text, expected) => {
    expect(locateJsonError(text)).toBe(expected);
  });

  it.each([
    ['{"a":}', 1, 6],
    ['{"a":1', 1, 7],
    ['{\n  "a" 1}', 2, 7],
    ['[1,2,]', 1, 6],
    ['', 1, 1],
    ['{"a":1}x', 1, 8],
    ['{\n "a": 01}', 2, 8],
    ["{'a':1}", 1, 2],
    ['{"a":"x\u0001"}', 1, 6],
  ])('points at the problem in %j', (text, line, column) => {
    expect(locateJsonError(text)).toMatchObject({ line, column });
  });

  it('handles deep nesting without overflowing', () => {
    expect(locateJsonError('['.repeat(50_000) + ']'.repeat(49_999))).toMatchObject({ line: 1, column: 100_000 });
  });

  it('agrees with JSON.parse on which texts are valid', () => {
    const samples = ['{"a":[1,2,{"b":"c\\n"}]}', '{"a":1,}', '[01]', '"\\x"', '-', '1.', '.5', '{"a" : true , "b":null}'];
    for (const s of samples) {
      let valid = true;
      try { JSON.parse(s); } catch { valid = false; }
      expect(locateJsonError(s) === null, s).toBe(valid);
    }
  });
});

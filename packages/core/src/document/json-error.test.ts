import { describe, expect, it } from 'vitest';
import { findJsonError, jsonErrorLocation } from './json-error.js';

describe('findJsonError', () => {
  it.each([
    ['{"a": 1}', undefined],
    ['[1, -2.5e3, "x\\u00e9", true, false, null, {}]', undefined],
    ['{"a":}', [1, 6]],
    ['{"a": 1,}', [1, 9]],
    ['{\n  "a": 1\n  "b": 2}', [3, 3]],
    ['{"a": tru}', [1, 10]],
    ['{"a": 1', [1, 8]],
    ['', [1, 1]],
    ['{"a": "x\ny"}', [1, 9]],
    ['{"a": 1} x', [1, 10]],
    ['// comment\n{}', [1, 1]],
  ])('locates the error in %j', (text, where) => {
    const found = findJsonError(text);
    if (where === undefined) {
      expect(found).toBeUndefined();
      expect(() => JSON.parse(text)).not.toThrow();
    } else {
      expect(found && [found.line, found.column]).toEqual(where);
      expect(() => JSON.parse(text)).toThrow();
    }
  });
});

describe('jsonErrorLocation', () => {
  it('reads "position N" (Node 20) and "line L column C" (Node 22+)', () => {
    expect(jsonErrorLocation('Unexpected token , in JSON at position 5', 'ab\ncdefg')).toEqual({ line: 2, column: 3 });
    expect(jsonErrorLocation('Unexpected token (line 4 column 2)', '')).toEqual({ line: 4, column: 2 });
    expect(jsonErrorLocation('Unexpected end of JSON input', '{\n  "a": ')).toEqual({ line: 2, column: 8 });
  });
});

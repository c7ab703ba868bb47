import {describe, expect, it, vi} from 'vitest';
import {parseJsonObject} from '../../../src/logs/parse/json-object.js';

describe('parseJsonObject', () => {
  it('parses an object line, trailing JSON whitespace allowed', () => {
    expect(parseJsonObject('{"a": 1, "b": {"c": "d"}}')).toEqual({a: 1, b: {c: 'd'}});
    expect(parseJsonObject('{"a":1} \t\r')).toEqual({a: 1});
  });

  it('refuses what is not one JSON object: arrays, scalars, invalid JSON', () => {
    for (const line of ['[1,2]', '"text"', '42', '{"a":}', '{"a":1}}', 'plain text', '']) expect(parseJsonObject(line)).toBeUndefined();
  });

  it('refuses a line not ending in "}" without calling JSON.parse (a throwing parse is costly)', () => {
    const parse = vi.spyOn(JSON, 'parse');
    try {
      // The `{` that opens a pretty-printed block; a zap console context with text after it.
      for (const line of ['{', '{"path": "/tmp/x"} and then some text', '{ "unterminated": true']) expect(parseJsonObject(line)).toBeUndefined();
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });
});

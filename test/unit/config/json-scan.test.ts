import { describe, expect, it } from 'vitest';
import { JsonScanError, scanJson } from '../../../electron/core/config/json-scan.js';

const all = { maxDepth: 9, select: () => true };

describe('scanJson', () => {
  it('records the exact range of every selected value', () => {
    const text = '{"a": [1, {"b": "x\\"y"}], "c": {"d": {}}, "e\\u0041": true}';
    const ranges = scanJson(text, all);
    const slice = (path: string[]): string | undefined => {
      const range = ranges.get(JSON.stringify(path));
      return range && text.slice(range.start, range.end);
    };
    expect(slice([])).toBe(text);
    expect(slice(['a'])).toBe('[1, {"b": "x\\"y"}]');
    expect(slice(['a', '1', 'b'])).toBe('"x\\"y"');
    expect(slice(['c', 'd'])).toBe('{}');
    expect(slice(['eA'])).toBe('true');
  });

  it('agrees with JSON.parse on what is valid', () => {
    const bad = [
      '{"a":1',
      '{"a":1,}',
      '{"a" 1}',
      '[1 2]',
      '{"a":"x}',
      '{"a":1} x',
      '',
      '{"a":tru}',
      '{"a":01}',
    ];
    for (const text of bad) {
      expect(() => JSON.parse(text) as unknown, text).toThrow();
      expect(() => scanJson(text, all), text).toThrow(JsonScanError);
    }
    const good = ['{}', '[]', ' {"a": [ ] , "b" : -1.5e3 }\n', '"x"', '[[[[]]]]', '{"a\\\\": "\\\\"}'];
    for (const text of good) expect(() => scanJson(text, all), text).not.toThrow();
  });

  it('names the line and column of the problem', () => {
    const error = (() => {
      try {
        scanJson('{\n  "a": 1\n  "b": 2\n}', all);
      } catch (caught) {
        return caught as JsonScanError;
      }
      return undefined;
    })();
    expect(error).toMatchObject({ line: 3, column: 3 });
  });

  it('only records up to maxDepth and what select accepts', () => {
    const ranges = scanJson('{"p": {"x": {"y": 1}}, "q": 2}', {
      maxDepth: 2,
      select: (path) => path[0] === 'p',
    });
    expect([...ranges.keys()].sort()).toEqual(['["p","x"]', '["p"]']);
  });
});

import { describe, expect, it } from 'vitest';
import { rawValuesAt } from '../../../electron/proxy/json-raw-scan.js';

const at = (text: string, ...paths: string[][]): Record<string, string> =>
  Object.fromEntries([...rawValuesAt(text, paths)].map(([key, value]) => [key, value.raw]));

describe('raw JSON values by path', () => {
  it('returns number ids exactly as written, wherever the key sits', () => {
    expect(at('{"jsonrpc":"2.0","id":9007199254740993,"method":"x"}', ['id'])).toEqual({
      id: '9007199254740993',
    });
    expect(at('{"method":"x","params":{"id":1},"id" : 1.0 }', ['id'])).toEqual({ id: '1.0' });
    expect(at('{"params":{"s":"a \\\\\\" \\"id\\":2"},"\\u0069d":-0}', ['id'])).toEqual({ id: '-0' });
    expect(at('{"id":"a\\"b"}', ['id'])).toEqual({ id: '"a\\"b"' });
  });

  it('finds nested paths and batch members', () => {
    const text =
      '[{"id":1e400,"method":"a"},{"method":"notifications/cancelled","params":{"requestId":12345678901234567890}}]';
    expect(at(text, ['0', 'id'], ['1', 'params', 'requestId'])).toEqual({
      '0.id': '1e400',
      '1.params.requestId': '12345678901234567890',
    });
  });

  it('reads what it can from a truncated head and never throws on junk', () => {
    expect(
      at(
        '{"jsonrpc":"2.0","id":77,"method":"tools/call","params":{"arguments":{"blob":"aaaa',
        ['id'],
        ['method'],
      ),
    ).toEqual({
      id: '77',
      method: '"tools/call"',
    });
    expect(at('{"jsonrpc":"2.0","id":7', ['id'])).toEqual({});
    for (const junk of ['', '}}}', '[[[', '{"a"', '{1:2}', '"x', 'nul', '{"id":{"x":[1,2]}}'])
      expect(() => rawValuesAt(junk, [['id']])).not.toThrow();
    expect(rawValuesAt('{"id":{"x":[1,2]}}', [['id']]).get('id')?.type).toBe('object');
  });
});

import { describe, expect, it } from 'vitest';
import { upstreamFingerprint } from '../../../electron/proxy/upstream-fingerprint.js';

describe('upstreamFingerprint', () => {
  it('is 64-bit FNV-1a (published test vectors), as 16 hex digits', () => {
    expect(upstreamFingerprint('')).toBe('cbf29ce484222325');
    expect(upstreamFingerprint('a')).toBe('af63dc4c8601ec8c');
    expect(upstreamFingerprint('foobar')).toBe('85944171f73967e8');
  });

  it('tells apart upstreams that differ in one character, and hashes UTF-8 bytes', () => {
    const labels = [
      'https://mcp.example.dev/mcp',
      'https://mcp.example.dev/mcq',
      'http://mcp.example.dev/mcp',
      'stdio: npx',
      'stdio: npx ',
      'stdio: nöx',
    ];
    const prints = labels.map(upstreamFingerprint);
    expect(new Set(prints).size).toBe(labels.length);
    for (const print of prints) expect(print).toMatch(/^[0-9a-f]{16}$/);
    expect(upstreamFingerprint('stdio: nöx')).toBe(upstreamFingerprint('stdio: nöx'));
  });
});

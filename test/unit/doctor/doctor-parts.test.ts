import { describe, expect, it } from 'vitest';
import { parseChallenge, protectedResourceMetadataUrls } from '../../../electron/core/doctor/auth-probe.js';
import {
  displayHeaders,
  HeaderArgError,
  parseHeaderArg,
} from '../../../electron/core/doctor/doctor-headers.js';
import { formatDoctorProgress, formatDoctorReport } from '../../../electron/core/doctor/format-report.js';
import type { DoctorReport } from '../../../electron/core/doctor/doctor-types.js';
import { likelyCutCause } from '../../../electron/core/doctor/idle-cut-causes.js';
import { partitionUserHeaders } from '../../../electron/core/doctor/mcp-request.js';
import { doctorReportFileName } from '../../../electron/core/doctor/save-report.js';
import { createSseParser } from '../../../shared/sse-parser.js';

describe('doctor header arguments', () => {
  it('expands ${VAR}, ${VAR:-default} and ${env:VAR}', () => {
    const env = { TOKEN: 'abc123' };
    expect(parseHeaderArg('Authorization: Bearer ${TOKEN}', env)).toEqual({
      name: 'Authorization',
      value: 'Bearer abc123',
      fromEnv: true,
    });
    expect(parseHeaderArg('X-A: ${env:TOKEN}', env).value).toBe('abc123');
    expect(parseHeaderArg('X-B: ${MISSING:-dflt}', env)).toEqual({
      name: 'X-B',
      value: 'dflt',
      fromEnv: false,
    });
  });

  it('rejects a missing variable and a malformed header', () => {
    expect(() => parseHeaderArg('X: ${NOPE}', {})).toThrow(HeaderArgError);
    expect(() => parseHeaderArg('no colon here', {})).toThrow(/Name: value/);
  });

  it('never shows a header value, typed or from the environment (names and auth scheme only)', () => {
    const shown = displayHeaders([
      { name: 'Authorization', value: 'Bearer abc123', fromEnv: true },
      { name: 'X-Tenant', value: 'secret-tenant', fromEnv: true },
      { name: 'X-Custom', value: 'typed-canary', fromEnv: false },
    ]);
    expect(shown).toEqual({
      Authorization: 'Bearer [REDACTED]',
      'X-Tenant': '[REDACTED]',
      'X-Custom': '[REDACTED]',
    });
  });

  it('keeps Accept and Content-Type for itself', () => {
    expect(partitionUserHeaders({ accept: '*/*', 'X-A': '1', 'Content-Type': 'x' })).toEqual({
      sent: { 'X-A': '1' },
      ignored: ['accept', 'Content-Type'],
    });
  });
});

describe('auth discovery parts', () => {
  it('parses a Bearer challenge', () => {
    expect(
      parseChallenge(
        'Bearer error="invalid_token", resource_metadata="https://h/.well-known/oauth-protected-resource/mcp", scope=mcp',
      ),
    ).toEqual({
      scheme: 'Bearer',
      params: {
        error: 'invalid_token',
        resource_metadata: 'https://h/.well-known/oauth-protected-resource/mcp',
        scope: 'mcp',
      },
    });
  });

  it('builds RFC 9728 well-known URLs with the path inserted', () => {
    expect(protectedResourceMetadataUrls(new URL('https://h.example/api/mcp'))).toEqual([
      'https://h.example/.well-known/oauth-protected-resource/api/mcp',
      'https://h.example/.well-known/oauth-protected-resource',
    ]);
  });
});

describe('idle cut causes', () => {
  it.each([
    [60.4, /nginx/],
    [99, /Cloudflare/],
    [301, /undici/],
    [598, /600/],
  ])('names the layer for %s s', (seconds, cause) => expect(likelyCutCause(seconds)).toMatch(cause));
  it('names nothing for an unusual age', () => expect(likelyCutCause(42)).toBeNull());
});

describe('SSE parser', () => {
  it('splits events across chunks and reports comments', () => {
    const events: string[] = [];
    const comments: string[] = [];
    const parser = createSseParser({
      onEvent: (event) => events.push(event.data),
      onComment: (text) => comments.push(text),
    });
    parser.push(': keepalive\r\n\r\ndata: {"a"');
    parser.push(':1}\n\n');
    expect(comments).toEqual(['keepalive']);
    expect(events).toEqual(['{"a":1}']);
  });
});

describe('report output', () => {
  const report: DoctorReport = {
    schema: 'tether.doctor/1',
    tetherVersion: '0.0.0',
    url: 'http://[::1]:8080/mcp',
    host: '::1',
    port: 8080,
    scheme: 'http',
    startedAt: '2026-11-21T01:02:03.456Z',
    finishedAt: '2026-11-21T01:02:04.456Z',
    headers: {},
    verdict: 'warn',
    protocolVersion: '2025-11-25',
    idleCut: null,
    layers: [
      { id: 'tcp', verdict: 'pass', summary: 'IPv6 ::1 1 ms', durationMs: 1 },
      { id: 'stale-session', verdict: 'warn', summary: 'HTTP 400', remedy: 'Answer 404.', durationMs: 1 },
    ],
  };
  it('prints remedies under warnings, colour only when asked', () => {
    const text = formatDoctorReport(report, { colour: false });
    expect(text).toMatch(/WARN\s+stale session\s+HTTP 400\n\s+fix: Answer 404\./);
    expect(text).not.toContain('\u001b[');
    expect(formatDoctorReport(report, { colour: true })).toContain('\u001b[33m');
  });
  it('names saved files safely for IPv6 hosts', () => {
    expect(doctorReportFileName(report)).toBe('--1-2026-11-21T01-02-03-456Z.json');
  });
  it('prints hold progress every 5 s off a terminal', () => {
    const tick = (elapsedSeconds: number) =>
      formatDoctorProgress({ kind: 'hold', elapsedSeconds, holdSeconds: 60, bytes: 0, keepAlives: 0 }, false);
    expect(tick(4)).toBeNull();
    expect(tick(5)).toMatch(/holding GET stream 5\/60 s/);
  });
});

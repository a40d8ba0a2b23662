import { describe, expect, it } from 'vitest';
import { CircuitBreaker, fullJitterDelay } from '../../../electron/proxy/backoff.js';
import { ClientSessionSetup } from '../../../electron/proxy/client-session-setup.js';
import { sameLoopbackRedirect } from '../../../electron/proxy/auth/record-oauth-provider.js';
import { proxyErrorResponse } from '../../../electron/proxy/error-reply.js';
import {
  classifyHttpStatus,
  classifyNetworkError,
  parseRetryAfter,
  summarizeBody,
} from '../../../electron/proxy/http-classify.js';
import { IdleCutDetector } from '../../../electron/proxy/idle-cut-detector.js';
import { parseLine } from '../../../electron/proxy/jsonrpc.js';
import { createLineFramer } from '../../../electron/proxy/line-framer.js';
import { acceptListUpdate, patchInitializeResult } from '../../../electron/proxy/list-cache.js';
import { mayReplay } from '../../../electron/proxy/retry-policy.js';
import { createSseParser, type SseEvent } from '../../../shared/sse-parser.js';

describe('line framing', () => {
  it('splits lines across chunks, strips CR, skips empty lines', () => {
    const lines: string[] = [];
    const framer = createLineFramer({ onLine: (line) => lines.push(line.toString()) });
    framer.push(Buffer.from('{"a":1}\r\n{"b"'));
    framer.push(Buffer.from(':2}\n\n{"c":3}'));
    expect(lines).toEqual(['{"a":1}', '{"b":2}']);
    framer.push(Buffer.from('\n'));
    expect(lines).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it('carries a 64 MiB line in many chunks', () => {
    const sizes: number[] = [];
    const framer = createLineFramer({ onLine: (line) => sizes.push(line.length) });
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    for (let index = 0; index < 64; index += 1) framer.push(chunk);
    framer.push(Buffer.from('\n'));
    expect(sizes).toEqual([64 * 1024 * 1024]);
  });

  it('drops an oversize line and keeps going', () => {
    const lines: string[] = [];
    const oversize: number[] = [];
    const framer = createLineFramer({
      onLine: (l) => lines.push(l.toString()),
      onOversize: (b) => oversize.push(b),
      maxLineBytes: 10,
    });
    framer.push(Buffer.from('0123456789ABCDEF\nok\n'));
    expect(oversize).toEqual([16]);
    expect(lines).toEqual(['ok']);
  });
});

describe('JSON-RPC parsing', () => {
  it('answers -32700 for invalid JSON and -32600 with the id for invalid shapes', () => {
    expect(parseLine('{nope')).toMatchObject({ kind: 'invalid', code: -32700, id: null });
    expect(parseLine('{"jsonrpc":"2.0","id":7}')).toMatchObject({ kind: 'invalid', code: -32600, id: 7 });
    expect(parseLine('{"jsonrpc":"1.0","id":"a","method":"x"}')).toMatchObject({
      kind: 'invalid',
      code: -32600,
      id: 'a',
    });
    expect(parseLine('{"jsonrpc":"2.0","id":1,"method":"ping"}').kind).toBe('request');
    expect(parseLine('{"jsonrpc":"2.0","method":"notifications/initialized"}').kind).toBe('notification');
  });
});

describe('HTTP classification', () => {
  it('detects session loss only when a session id was sent', () => {
    expect(classifyHttpStatus({ status: 404, bodyText: '', hadSessionId: true }).kind).toBe('session_lost');
    expect(classifyHttpStatus({ status: 410, bodyText: '', hadSessionId: true }).kind).toBe('session_lost');
    expect(
      classifyHttpStatus({
        status: 400,
        bodyText: '{"error":{"message":"Bad Request: No valid session ID provided"}}',
        hadSessionId: true,
      }).kind,
    ).toBe('session_lost');
    expect(
      classifyHttpStatus({ status: 400, bodyText: 'Bad Request: Server not initialized', hadSessionId: true })
        .kind,
    ).toBe('session_lost');
    expect(classifyHttpStatus({ status: 404, bodyText: '', hadSessionId: false }).kind).toBe('protocol');
  });

  it('classifies 5xx and 52x by retry class and strips HTML', () => {
    const html = '<html><head><title>502 Bad Gateway</title></head><body><h1>nginx</h1></body></html>';
    const bad = classifyHttpStatus({ status: 502, bodyText: html, hadSessionId: true });
    expect([bad.kind, bad.retryClass, bad.message]).toEqual([
      'unreachable',
      'U',
      'HTTP 502: 502 Bad Gateway',
    ]);
    expect(classifyHttpStatus({ status: 503, bodyText: '', hadSessionId: true }).retryClass).toBe('R');
    expect(classifyHttpStatus({ status: 522, bodyText: '', hadSessionId: true }).retryClass).toBe('R');
    expect(classifyHttpStatus({ status: 504, bodyText: '', hadSessionId: true })).toMatchObject({
      kind: 'gateway_timeout',
      retryClass: 'U',
    });
    expect(classifyHttpStatus({ status: 406, bodyText: '', hadSessionId: true }).kind).toBe('protocol');
  });

  it('parses Retry-After in both forms', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:10 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    const limited = classifyHttpStatus({ status: 429, bodyText: '', retryAfter: '2', hadSessionId: true });
    expect([limited.kind, limited.retryAfterMs]).toEqual(['rate_limited', 2000]);
  });

  it('treats connect errors as not sent and resets after the body as unknown', () => {
    expect(
      classifyNetworkError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), true).retryClass,
    ).toBe('N');
    expect(
      classifyNetworkError(Object.assign(new Error('x'), { code: 'ECONNRESET' }), false).retryClass,
    ).toBe('N');
    expect(classifyNetworkError(Object.assign(new Error('x'), { code: 'ECONNRESET' }), true).retryClass).toBe(
      'U',
    );
  });

  it('says what to do about a TLS failure: untrusted, expired, wrong host; other errors get no hint', () => {
    const failure = (code: string, message: string): string =>
      classifyNetworkError(Object.assign(new Error(message), { code }), false).message;
    const untrusted = failure('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate');
    expect(untrusted).toMatch(
      /^DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate — .*NODE_EXTRA_CA_CERTS/,
    );
    expect(failure('UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'unable to get local issuer certificate')).toMatch(
      /NODE_EXTRA_CA_CERTS/,
    );
    expect(failure('CERT_HAS_EXPIRED', 'certificate has expired')).toMatch(/expired; the server must renew/);
    expect(
      failure('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"),
    ).toMatch(/another host name/);
    expect(failure('ECONNREFUSED', 'connect ECONNREFUSED')).toBe('ECONNREFUSED: connect ECONNREFUSED');
    expect(
      classifyNetworkError(Object.assign(new Error('x'), { code: 'CERT_HAS_EXPIRED' }), false).retryClass,
    ).toBe('N');
  });

  it('summarizes JSON-RPC error bodies', () => {
    expect(summarizeBody('{"jsonrpc":"2.0","error":{"code":-32001,"message":"Session not found"}}')).toBe(
      'Session not found',
    );
  });
});

describe('backoff and breaker', () => {
  it('is full jitter under a doubling ceiling with a cap', () => {
    expect(fullJitterDelay(0, { random: () => 0.999 })).toBe(499);
    expect(fullJitterDelay(3, { random: () => 0.5 })).toBe(2000);
    expect(fullJitterDelay(20, { random: () => 0.999 })).toBe(29_970);
    expect(fullJitterDelay(5, { random: () => 0 })).toBe(0);
  });

  it('opens after the threshold, half-opens later, closes on success', () => {
    let now = 0;
    const breaker = new CircuitBreaker(3, 15_000, 300_000, () => now, 0);
    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.state).toBe('closed');
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    now = 15_001;
    expect(breaker.state).toBe('half-open');
    breaker.recordFailure();
    expect(breaker.msUntilProbe()).toBe(30_000);
    breaker.recordSuccess();
    expect(breaker.state).toBe('closed');
  });
});

describe('circuit breaker time floor', () => {
  it('stays closed while fast probes fail within a short outage, opens once the outage lasts', () => {
    let now = 0;
    const breaker = new CircuitBreaker(8, 15_000, 300_000, () => now, 15_000);
    // A 5-second restart probed every ~600 ms while calls wait: nine failures, still closed.
    for (let probe = 0; probe < 9; probe++, now += 600) breaker.recordFailure();
    expect(breaker.consecutiveFailures).toBe(9);
    expect(breaker.state).toBe('closed');
    expect(breaker.msUntilProbe()).toBe(0);
    // Still failing 15 s after the first failure: now it opens.
    now = 15_000;
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    expect(breaker.msUntilProbe()).toBe(15_000);
    breaker.recordSuccess();
    expect(breaker.state).toBe('closed');
  });
});

describe('retry safety (proxy-spec §2)', () => {
  const none = new Set<string>();
  it('replays anything not sent or rejected, safe methods always, tools only when allow-listed', () => {
    expect(mayReplay({ method: 'tools/call', toolName: 'x', retryClass: 'R', retryableTools: none })).toBe(
      true,
    );
    expect(mayReplay({ method: 'tools/call', toolName: 'x', retryClass: 'U', retryableTools: none })).toBe(
      false,
    );
    expect(
      mayReplay({ method: 'tools/call', toolName: 'x', retryClass: 'U', retryableTools: new Set(['x']) }),
    ).toBe(true);
    expect(mayReplay({ method: 'tools/list', retryClass: 'U', retryableTools: none })).toBe(true);
  });
});

describe('error contract (proxy-spec §4)', () => {
  it('gives tools/call an isError result saying whether it ran', () => {
    const answer = proxyErrorResponse(
      4,
      'tools/call',
      { reason: 'outcome_unknown', executed: 'unknown', message: 'connection lost' },
      'svc',
    );
    const result = answer.result as {
      isError: boolean;
      content: Array<{ text: string }>;
      _meta: { tether: { executed: string } };
    };
    expect(result.isError).toBe(true);
    expect(result.content[0]?.text).toContain('MAY have run');
    expect(result._meta.tether.executed).toBe('unknown');
  });

  it('gives other methods -32000/-32001 with data, never an HTTP status as code', () => {
    const answer = proxyErrorResponse(
      'a',
      'resources/read',
      { reason: 'upstream_unavailable', executed: 'no', message: 'HTTP 503', httpStatus: 503 },
      'svc',
    );
    expect(answer.error?.code).toBe(-32000);
    expect(answer.error?.data).toMatchObject({
      tether: { reason: 'upstream_unavailable', executed: 'no', httpStatus: 503, retryable: true },
    });
    expect(
      proxyErrorResponse(1, 'ping', { reason: 'upstream_timeout', executed: 'unknown', message: 't' }, 's')
        .error?.code,
    ).toBe(-32001);
  });
});

describe('error texts', () => {
  it('a sign-in-required message ending in a full stop reads as one sentence, said once', () => {
    const answer = proxyErrorResponse(
      1,
      'tools/call',
      {
        reason: 'auth_required',
        executed: 'no',
        message: 'Sign-in required for "svc" (no tokens): open the sign-in URL, then retry.',
        authorizationUrl: 'https://auth.example/authorize?x=1',
      },
      'svc',
    );
    const text = (answer.result as { content: Array<{ text: string }> }).content[0]?.text ?? '';
    expect(text).not.toMatch(/\.\./);
    expect(text.match(/Sign-in required/g)).toHaveLength(1);
    expect(text).toContain('https://auth.example/authorize?x=1');
    expect(text).toContain('The tool was NOT executed.');
  });
});

describe('sameLoopbackRedirect (RFC 8252 §7.3)', () => {
  it('is the same redirect on another loopback port, and nothing else', () => {
    const registered = 'http://127.0.0.1:53100/callback';
    expect(sameLoopbackRedirect(registered, 'http://127.0.0.1:40111/callback')).toBe(true);
    expect(sameLoopbackRedirect(registered, 'http://127.0.0.1:40111/other')).toBe(false);
    expect(sameLoopbackRedirect(registered, 'http://localhost:40111/callback')).toBe(false);
    expect(sameLoopbackRedirect('https://app.example:8443/cb', 'https://app.example:9443/cb')).toBe(false);
  });
});

describe('idle-cut detection', () => {
  it('reports a repeated cut at the same age, once', () => {
    const detector = new IdleCutDetector();
    expect(detector.record({ ageMs: 60_100, dataEvents: 0 })).toBeUndefined();
    expect(detector.record({ ageMs: 60_900, dataEvents: 0 })).toBe(61);
    expect(detector.record({ ageMs: 60_500, dataEvents: 0 })).toBeUndefined();
  });

  it('ignores streams that carried data or differ in age', () => {
    const detector = new IdleCutDetector();
    detector.record({ ageMs: 60_000, dataEvents: 0 });
    expect(detector.record({ ageMs: 100_000, dataEvents: 0 })).toBeUndefined();
    expect(detector.record({ ageMs: 100_500, dataEvents: 3 })).toBeUndefined();
  });
});

describe('SSE parsing', () => {
  it('parses events, ids, retry and comments across chunks', () => {
    const events: SseEvent[] = [];
    let retry = 0;
    let comments = 0;
    const parser = createSseParser({
      onEvent: (e) => events.push(e),
      onRetry: (ms) => (retry = ms),
      onComment: () => (comments += 1),
    });
    parser.push(': keepalive\n\nid: 1\nretry: 3000\ndata: {"a"');
    parser.push(':1}\n\r\nevent: endpoint\ndata: /messages?s=1\n\n');
    expect(comments).toBe(1);
    expect(retry).toBe(3000);
    expect(events).toEqual([
      { event: 'message', data: '{"a":1}', id: '1' },
      { event: 'endpoint', data: '/messages?s=1', id: undefined },
    ]);
  });
});

describe('cache rules', () => {
  it('needs confirmation before an empty list replaces a non-empty one', () => {
    expect(acceptListUpdate('tools', { tools: [{ name: 'a' }] }, { tools: [] })).toBe('confirm');
    expect(acceptListUpdate('tools', undefined, { tools: [] })).toBe('accept');
    expect(acceptListUpdate('tools', { tools: [] }, { tools: [{ name: 'b' }] })).toBe('accept');
  });

  it('advertises listChanged on every list capability', () => {
    const patched = patchInitializeResult({
      protocolVersion: '2025-06-18',
      capabilities: { tools: {}, logging: {} },
    });
    expect(patched['capabilities']).toEqual({ tools: { listChanged: true }, logging: {} });
  });
});

describe('client session setup (restored on a new session)', () => {
  const ok = { jsonrpc: '2.0' as const, id: 1, result: {} };
  const request = (method: string, params: Record<string, unknown>) => ({
    jsonrpc: '2.0' as const,
    id: 1,
    method,
    params,
  });

  it('keeps accepted subscriptions and the last log level; forgets unsubscribed and refused ones', () => {
    const setup = new ClientSessionSetup();
    setup.record(request('resources/subscribe', { uri: 'a://1' }), ok);
    setup.record(request('resources/subscribe', { uri: 'a://2' }), ok);
    setup.record(request('resources/subscribe', { uri: 'a://3' }), {
      jsonrpc: '2.0',
      id: 1,
      error: { code: -32602, message: 'no such resource' },
    });
    setup.record(request('resources/unsubscribe', { uri: 'a://1' }), ok);
    setup.record(request('logging/setLevel', { level: 'info' }), ok);
    setup.record(request('logging/setLevel', { level: 'debug' }), ok);
    let n = 0;
    const restored = setup.restoreRequests((kind) => `tether:${kind}:${++n}`);
    expect(restored.map((r) => [r.method, r.params])).toEqual([
      ['logging/setLevel', { level: 'debug' }],
      ['resources/subscribe', { uri: 'a://2' }],
    ]);
    expect(restored.map((r) => r.id)).toEqual(['tether:restore:1', 'tether:restore:2']);
  });

  it('restores nothing when the client set nothing up', () => {
    expect(new ClientSessionSetup().restoreRequests(() => 'x')).toEqual([]);
  });
});

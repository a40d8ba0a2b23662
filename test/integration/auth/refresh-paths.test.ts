import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStreamLogger } from '../../../electron/core/logger.js';
import type { AuthEvent } from '../../../electron/proxy/auth/auth-events.js';
import { createOAuthUpstreamAuth } from '../../../electron/proxy/auth/oauth-upstream-auth.js';
import type { OAuthUpstreamAuth } from '../../../electron/proxy/auth/oauth-upstream-auth.js';
import { createAgents } from '../../../electron/proxy/http-request.js';
import { JournalWriter } from '../../../electron/proxy/journal-writer.js';
import { Reporter } from '../../../electron/proxy/reporter.js';
import { SessionManager } from '../../../electron/proxy/session-manager.js';
import { StreamableHttpUpstream } from '../../../electron/proxy/transports/streamable-http-upstream.js';
import type { TransportEvent, Upstream } from '../../../electron/proxy/upstream.js';
import type { UpstreamAuth } from '../../../electron/proxy/upstream-auth.js';
import type { UpstreamFailure } from '../../../electron/proxy/upstream-failure.js';
import { startOAuthTestServer } from '../../helpers/oauth-server.js';
import type { OAuthTestServer } from '../../helpers/oauth-server.js';
import { createTempHome } from '../../helpers/temp-home.js';
import type { TempHome } from '../../helpers/temp-home.js';

/**
 * The auth seam on every HTTP path of the real upstream code, against the SDK authorization server
 * in front of server-everything: the GET event stream refreshes like a POST does, and a token the
 * server rejects soon after it was issued is refreshed before anyone is asked to sign in.
 */
let home: TempHome;
let server: OAuthTestServer;

beforeAll(async () => {
  home = await createTempHome('tether-auth-paths-');
  server = await startOAuthTestServer();
});

afterAll(async () => {
  await server.close();
  await home.cleanup();
});

type Harness = {
  auth: OAuthUpstreamAuth;
  upstream: StreamableHttpUpstream;
  events: AuthEvent[];
  lost: UpstreamFailure[];
  transport: TransportEvent[];
  /** Moves the provider's clock forward (how long ago a token was issued). */
  advance(ms: number): void;
  close(): Promise<void>;
};

async function signedInUpstream(serverKey: string): Promise<Harness> {
  let offset = 0;
  const events: AuthEvent[] = [];
  const lost: UpstreamFailure[] = [];
  const transport: TransportEvent[] = [];
  const auth = createOAuthUpstreamAuth({
    serverKey,
    serverUrl: server.mcpUrl,
    dataDir: home.dataDir,
    logger: createStreamLogger({ level: 'warn', write: () => undefined }),
    openBrowser: false,
    watchIntervalMs: 100,
    now: () => Date.now() + offset,
  });
  auth.events.on((event) => events.push(event));
  const first = await auth.onUnauthorized({ status: 401, wwwAuthenticate: null });
  if (first.kind !== 'auth_required' || !first.loginUrl) throw new Error('no login URL');
  const signedIn = new Promise<void>((resolve) => auth.onCredentialsChanged(() => resolve()));
  const authorize = await fetch(first.loginUrl, { redirect: 'manual' });
  await (await fetch(authorize.headers.get('location')!)).text();
  await signedIn;
  const upstream = new StreamableHttpUpstream({
    url: new URL(server.mcpUrl),
    agents: createAgents({ ipv4: false }),
    staticHeaders: {},
    auth,
    listener: {
      onServerMessage: () => undefined,
      onLost: (failure) => lost.push(failure),
      onTransportEvent: (event) => transport.push(event),
    },
  });
  await upstream.connect({
    jsonrpc: '2.0',
    id: 'init',
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
  });
  // What the sign-in itself produced (login_required, consent, token_issued) is not under test.
  events.length = 0;
  return {
    auth,
    upstream,
    events,
    lost,
    transport,
    advance: (ms) => {
      offset += ms;
    },
    close: async () => {
      await upstream.close();
      await auth.close();
    },
  };
}

let nextId = 1;
function echo(upstream: StreamableHttpUpstream, message: string) {
  return upstream.request(
    { jsonrpc: '2.0', id: nextId++, method: 'tools/call', params: { name: 'echo', arguments: { message } } },
    undefined,
    { signal: new AbortController().signal, onMessage: () => undefined, deadlineMs: 10_000 },
  );
}

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  return condition();
}

it('a 401 on the GET event stream refreshes and reopens it: no session loss, no auth_required', async () => {
  const harness = await signedInUpstream('get-stream');
  try {
    expect(await until(() => server.counts.eventStreams >= 1, 5_000)).toBe(true);
    const refreshesBefore = server.counts.refresh;
    const streamsBefore = server.counts.eventStreams;
    server.expireAccessTokens();
    server.cutEventStreams();
    // The stream comes back with a refreshed token (counted only when the server accepted the token).
    expect(await until(() => server.counts.eventStreams > streamsBefore, 8_000)).toBe(true);
    expect(server.counts.refresh).toBe(refreshesBefore + 1);
    expect(harness.events.some((e) => e.kind === 'token_refreshed')).toBe(true);
    expect(harness.events.some((e) => e.kind === 'login_required')).toBe(false);
    expect(harness.lost).toEqual([]);
    // The POST path uses the token the stream's refresh obtained: no second refresh.
    expect(JSON.stringify(await echo(harness.upstream, 'after the stream'))).toContain('after the stream');
    expect(server.counts.refresh).toBe(refreshesBefore + 1);
  } finally {
    await harness.close();
  }
});

describe('a token rejected 2–30 s after it was issued', () => {
  it('is refreshed with the refresh token, and the request goes through', async () => {
    const harness = await signedInUpstream('fresh-ok');
    try {
      server.expireAccessTokens();
      expect(JSON.stringify(await echo(harness.upstream, 'one'))).toContain('one');
      const refreshes = server.counts.refresh;
      // The refreshed token is 5 s old when the server (clock skew, rotation) rejects it.
      harness.advance(5_000);
      server.expireAccessTokens();
      expect(JSON.stringify(await echo(harness.upstream, 'two'))).toContain('two');
      expect(server.counts.refresh).toBe(refreshes + 1);
      expect(harness.events.some((e) => e.kind === 'token_rejected' && /refresh token/.test(e.reason))).toBe(
        true,
      );
      expect(harness.events.some((e) => e.kind === 'login_required')).toBe(false);
    } finally {
      await harness.close();
    }
  });

  it('asks for a sign-in only when that refresh fails with invalid_grant', async () => {
    const harness = await signedInUpstream('fresh-revoked');
    try {
      server.expireAccessTokens();
      expect(JSON.stringify(await echo(harness.upstream, 'one'))).toContain('one');
      const refreshes = server.counts.refresh;
      harness.advance(5_000);
      server.expireAccessTokens();
      server.revokeRefreshTokens();
      const error = await echo(harness.upstream, 'two').catch((e: unknown) => e as UpstreamFailure);
      expect((error as UpstreamFailure).kind).toBe('auth_required');
      expect((error as UpstreamFailure).authorizationUrl).toMatch(/\/authorize\?/);
      expect(server.counts.refresh).toBe(refreshes + 1);
      expect(harness.events.some((e) => e.kind === 'refresh_failed' && /invalid_grant/.test(e.reason))).toBe(
        true,
      );
      expect(harness.events.some((e) => e.kind === 'login_required')).toBe(true);
    } finally {
      await harness.close();
    }
  });
});

it('while a sign-in is needed, reconnect attempts report the state once, then only when it changes', async () => {
  const stderr: string[] = [];
  const logger = createStreamLogger({ level: 'info', write: (line) => stderr.push(line) });
  const journalFile = path.join(home.dataDir, 'needs-auth.jsonl');
  const journal = new JournalWriter(journalFile, 1 << 20);
  const reporter = new Reporter(logger, journal, {
    type: 'hello',
    server: { name: 'needs-auth', key: 'needs-auth' },
    pid: process.pid,
    upstream: server.mcpUrl,
    transport: 'streamable-http',
    version: 'test',
    startedAt: new Date().toISOString(),
  });
  // No credentials at all: the real server answers every initialize with 401.
  let reason = 'not signed in';
  const auth: UpstreamAuth = {
    headers: async () => ({}),
    onUnauthorized: async () => ({ kind: 'auth_required', message: `Sign-in required (${reason})` }),
  };
  const real = new StreamableHttpUpstream({
    url: new URL(server.mcpUrl),
    agents: createAgents({ ipv4: false }),
    staticHeaders: {},
    auth,
    listener: {
      onServerMessage: () => undefined,
      onLost: () => undefined,
      onTransportEvent: () => undefined,
    },
  });
  let attempts = 0;
  const upstream: Upstream = {
    transport: real.transport,
    hasSession: () => real.hasSession(),
    connect: (initialize) => real.connect(initialize).finally(() => (attempts += 1)),
    request: (message, raw, context) => real.request(message, raw, context),
    send: (message, raw) => real.send(message, raw),
    reset: () => real.reset(),
    close: () => real.close(),
  };
  const session = new SessionManager(upstream, reporter, { onReady: () => undefined }, 'needs-auth');
  const reported = async (): Promise<{ stderr: number; journal: number }> => {
    await reporter.flush();
    const lines = (await readFile(journalFile, 'utf8').catch(() => '')).split('\n').filter(Boolean);
    return {
      stderr: stderr.filter((line) => /authorization required/.test(line)).length,
      journal: lines.filter((line) => (JSON.parse(line) as { state?: string }).state === 'needs-auth').length,
    };
  };
  try {
    session.start({
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 't', version: '1' },
    });
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      expect(await until(() => attempts >= attempt, 5_000)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (attempt < 5) session.reconnectNow();
    }
    expect(await reported()).toEqual({ stderr: 1, journal: 1 });
    // A different reason is news: reported once more.
    reason = 'the refresh token was revoked';
    session.reconnectNow();
    expect(await until(() => attempts >= 6, 5_000)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    session.reconnectNow();
    expect(await until(() => attempts >= 7, 5_000)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await reported()).toEqual({ stderr: 2, journal: 2 });
  } finally {
    session.close();
    await real.close();
  }
});

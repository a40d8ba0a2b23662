import { readdir, readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createStreamLogger } from '../../../electron/core/logger.js';
import { createOAuthUpstreamAuth } from '../../../electron/proxy/auth/oauth-upstream-auth.js';
import type { ProxyErrorData } from '../../../shared/proxy-errors.js';
import { startOAuthTestServer } from '../../helpers/oauth-server.js';
import type { OAuthTestServer } from '../../helpers/oauth-server.js';
import { createTempHome } from '../../helpers/temp-home.js';
import type { TempHome } from '../../helpers/temp-home.js';
import { signInAsBrowser } from '../../helpers/oauth-sign-in.js';
import { startInProcessProxy } from '../../helpers/in-process-proxy.js';

let home: TempHome;
let server: OAuthTestServer;

beforeAll(async () => {
  home = await createTempHome('tether-auth-proxy-');
  server = await startOAuthTestServer();
});

afterAll(async () => {
  await server.close();
  await home.cleanup();
});

it('through the real proxy: a 401 mid-session is refreshed and replayed with no client-visible error', async () => {
  const log: string[] = [];
  const logger = createStreamLogger({ level: 'debug', write: (line) => log.push(line) });
  const auth = createOAuthUpstreamAuth({
    serverKey: 'everything',
    serverUrl: server.mcpUrl,
    dataDir: home.dataDir,
    logger,
    openBrowser: false,
  });
  await signInAsBrowser(auth);

  const proxy = startInProcessProxy({
    name: 'everything',
    url: server.mcpUrl,
    auth,
    dataDir: home.dataDir,
    logger,
    budgetMs: 10_000,
  });
  expect(await proxy.request('initialize', INIT)).toHaveProperty('result');
  proxy.notify('notifications/initialized');
  expect(await proxy.request('tools/list')).toHaveProperty('result');
  server.expireAccessTokens();
  const called = await proxy.request('tools/call', {
    name: 'echo',
    arguments: { message: 'through the proxy' },
  });
  expect(JSON.stringify(called)).toContain('through the proxy');
  expect(JSON.stringify(called)).not.toContain('isError":true');
  expect(server.counts.refresh).toBe(1);
  await proxy.stop();
  await auth.close();

  // Journals and logs never carry the canaries.
  const journals = await readdir(home.dataDir, { recursive: true });
  const texts = await Promise.all(
    journals
      .filter((file) => !file.startsWith('auth'))
      .map((file) => readFile(path.join(home.dataDir, file), 'utf8').catch(() => '')),
  );
  const visible = [...log, ...texts].join('\n');
  for (const secret of server.secrets()) expect(visible).not.toContain(secret);
});

/** Proxies whose own log lines the test does not read. */
const quiet = createStreamLogger({ level: 'warn', write: () => undefined });

const INIT = { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } };

function tetherError(reply: Record<string, unknown>): ProxyErrorData | undefined {
  const result = reply['result'] as { _meta?: { tether?: ProxyErrorData } } | undefined;
  const error = reply['error'] as { data?: { tether?: ProxyErrorData } } | undefined;
  return result?._meta?.tether ?? error?.data?.tether;
}

it('a token endpoint outage answers upstream_unavailable (retryable, no sign-in URL), then recovers', async () => {
  const logger = createStreamLogger({ level: 'warn', write: () => undefined });
  const auth = createOAuthUpstreamAuth({
    serverKey: 'outage',
    serverUrl: server.mcpUrl,
    dataDir: home.dataDir,
    logger,
    openBrowser: false,
    backoff: { baseMs: 200, maxMs: 1_000 },
  });
  await signInAsBrowser(auth);
  const proxy = startInProcessProxy({
    name: 'outage',
    url: server.mcpUrl,
    auth,
    dataDir: home.dataDir,
    logger: quiet,
  });
  try {
    expect(await proxy.request('initialize', INIT)).toHaveProperty('result');
    const authorizeBefore = server.counts.authorize;
    server.failTokenEndpoint(503);
    server.expireAccessTokens();
    const failed = await proxy.request('tools/call', { name: 'echo', arguments: { message: 'outage' } });
    const error = tetherError(failed);
    expect(error?.reason).toBe('upstream_unavailable');
    expect(error?.executed).toBe('no');
    expect(error?.retryable).toBe(true);
    expect(error?.authorizationUrl).toBeUndefined();
    expect(server.counts.authorize).toBe(authorizeBefore);
    server.failTokenEndpoint(undefined);
    let recovered: Record<string, unknown> | undefined;
    for (let tries = 0; tries < 20 && !recovered; tries += 1) {
      const reply = await proxy.request('tools/call', { name: 'echo', arguments: { message: 'back' } });
      if (!tetherError(reply)) recovered = reply;
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(JSON.stringify(recovered)).toContain('back');
  } finally {
    server.failTokenEndpoint(undefined);
    await proxy.stop();
  }
});

it('shutdown closes the auth provider: a pending sign-in callback stops listening', async () => {
  const logger = createStreamLogger({ level: 'warn', write: () => undefined });
  const auth = createOAuthUpstreamAuth({
    serverKey: 'pending',
    serverUrl: server.mcpUrl,
    dataDir: home.dataDir,
    logger,
    openBrowser: false,
  });
  const proxy = startInProcessProxy({
    name: 'pending',
    url: server.mcpUrl,
    auth,
    dataDir: home.dataDir,
    logger: quiet,
  });
  expect(await proxy.request('initialize', INIT)).toHaveProperty('result');
  const denied = await proxy.request('tools/call', { name: 'echo', arguments: { message: 'x' } });
  const loginUrl = tetherError(denied)?.authorizationUrl;
  expect(loginUrl).toMatch(/\/authorize\?/);
  const callbackPort = Number(new URL(new URL(loginUrl!).searchParams.get('redirect_uri')!).port);
  expect(await canConnect(callbackPort)).toBe(true);
  const started = Date.now();
  await proxy.stop();
  expect(Date.now() - started).toBeLessThan(3_000);
  expect(await canConnect(callbackPort)).toBe(false);
});

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

it("the session's DELETE at shutdown goes through the auth seam: a 401 there is refreshed, not dropped", async () => {
  const auth = createOAuthUpstreamAuth({
    serverKey: 'delete',
    serverUrl: server.mcpUrl,
    dataDir: home.dataDir,
    logger: quiet,
    openBrowser: false,
  });
  await signInAsBrowser(auth);
  const proxy = startInProcessProxy({
    name: 'delete',
    url: server.mcpUrl,
    auth,
    dataDir: home.dataDir,
    logger: quiet,
  });
  expect(await proxy.request('initialize', INIT)).toHaveProperty('result');
  proxy.notify('notifications/initialized');
  expect(await proxy.request('tools/list')).toHaveProperty('result');
  const refreshesBefore = server.counts.refresh;
  server.expireAccessTokens();
  await proxy.stop();
  expect(server.counts.refresh).toBe(refreshesBefore + 1);
  await auth.close();
});

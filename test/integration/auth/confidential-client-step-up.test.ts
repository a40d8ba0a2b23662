import { readFile } from 'node:fs/promises';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStreamLogger } from '../../../electron/core/logger.js';
import { authRecordPath } from '../../../electron/proxy/auth/auth-record.js';
import { createOAuthUpstreamAuth } from '../../../electron/proxy/auth/oauth-upstream-auth.js';
import type { OAuthUpstreamAuth } from '../../../electron/proxy/auth/oauth-upstream-auth.js';
import type { ProxyErrorData } from '../../../shared/proxy-errors.js';
import { fetchWithUpstreamAuth } from '../../helpers/auth-fetch.js';
import { freePort } from '../../helpers/free-port.js';
import { startOAuthTestServer } from '../../helpers/oauth-server.js';
import type { OAuthTestServer } from '../../helpers/oauth-server.js';
import { createTempHome } from '../../helpers/temp-home.js';
import type { TempHome } from '../../helpers/temp-home.js';
import { startInProcessProxy } from '../../helpers/in-process-proxy.js';

/**
 * Paths beyond the public client: a pre-registered confidential client (secret sent with
 * `client_secret_post` or `client_secret_basic`, for the login and every refresh), and step-up
 * authorization on 403 `insufficient_scope`.
 */
let home: TempHome;
let postServer: OAuthTestServer;
let basicServer: OAuthTestServer;
const log: string[] = [];
const logger = createStreamLogger({ level: 'debug', write: (line) => log.push(line) });

beforeAll(async () => {
  home = await createTempHome('tether-auth-confidential-');
  [postServer, basicServer] = await Promise.all([
    startOAuthTestServer(),
    startOAuthTestServer({ clientAuth: 'client_secret_basic' }),
  ]);
});

afterAll(async () => {
  await Promise.all([postServer.close(), basicServer.close()]);
  await home.cleanup();
});

/** Plays the browser for the login URL a 401 produced; resolves once the provider has the tokens. */
async function signIn(auth: OAuthUpstreamAuth, url?: string): Promise<void> {
  const signedIn = new Promise<void>((resolve) =>
    auth.onCredentialsChanged((change) => change.reason === 'signed_in' && resolve()),
  );
  let loginUrl = url;
  if (!loginUrl) {
    const outcome = await auth.onUnauthorized({ status: 401, wwwAuthenticate: null });
    if (outcome.kind !== 'auth_required' || !outcome.loginUrl) throw new Error('no login URL');
    loginUrl = outcome.loginUrl;
  }
  const authorize = await fetch(loginUrl, { redirect: 'manual' });
  expect(authorize.status).toBe(302);
  const callback = await fetch(authorize.headers.get('location')!);
  expect(callback.status).toBe(200);
  await callback.text();
  await signedIn;
}

describe.each([
  ['client_secret_post', () => postServer],
  ['client_secret_basic', () => basicServer],
] as const)('a pre-registered confidential client (%s)', (method, getServer) => {
  it('signs in and refreshes with its secret, which is never written to disk or logs', async () => {
    const server = getServer();
    const port = await freePort();
    const { clientId, clientSecret } = server.registerClient(`http://127.0.0.1:${port}/callback`);
    const serverKey = `confidential-${method}`;
    const auth = createOAuthUpstreamAuth({
      serverKey,
      serverUrl: server.mcpUrl,
      dataDir: home.dataDir,
      logger,
      openBrowser: false,
      clientId,
      clientSecret,
      callbackPort: port,
    });
    const client = new Client({ name: 'confidential-test', version: '1.0.0' });
    try {
      await signIn(auth);
      await client.connect(
        new StreamableHTTPClientTransport(new URL(server.mcpUrl), { fetch: fetchWithUpstreamAuth(auth) }),
      );
      server.expireAccessTokens();
      const result = await client.callTool({ name: 'echo', arguments: { message: 'confidential' } });
      expect(JSON.stringify(result)).toContain('confidential');
      expect(server.counts.refresh).toBe(1);
      const record = await readFile(authRecordPath(home.dataDir, serverKey), 'utf8');
      expect(record).toContain(clientId);
      expect(record).not.toContain(clientSecret);
      expect(log.join('\n')).not.toContain(clientSecret);
    } finally {
      await client.close().catch(() => undefined);
      await auth.close();
    }
  });
});

describe('step-up authorization (403 insufficient_scope)', () => {
  it('answers auth_required with a URL for the wider scope, then works after that sign-in', async () => {
    const server = postServer;
    const auth = createOAuthUpstreamAuth({
      serverKey: 'step-up',
      serverUrl: server.mcpUrl,
      dataDir: home.dataDir,
      logger,
      openBrowser: false,
    });
    await signIn(auth);
    server.requireToolScope('tools:call');
    const proxy = startInProcessProxy({
      name: 'step-up',
      url: server.mcpUrl,
      auth,
      dataDir: home.dataDir,
      logger,
    });
    const { messages } = proxy;
    const request = (method: string, params?: object): Promise<Record<string, unknown>> =>
      proxy.request(method, params);
    const tether = (reply: Record<string, unknown>): ProxyErrorData | undefined =>
      (reply['result'] as { _meta?: { tether?: ProxyErrorData } } | undefined)?._meta?.tether;
    try {
      await request('initialize', {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 't', version: '1' },
      });
      proxy.notify('notifications/initialized');
      expect(await request('tools/list')).toHaveProperty('result.tools');

      const started = Date.now();
      const denied = tether(await request('tools/call', { name: 'echo', arguments: { message: 'more' } }));
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(denied?.reason).toBe('auth_required');
      expect(denied?.executed).toBe('no');
      const loginUrl = new URL(denied?.authorizationUrl ?? 'http://missing/');
      expect(loginUrl.searchParams.get('scope')?.split(' ')).toContain('tools:call');
      // Meanwhile: the same answer, the same URL, no second login started.
      const again = tether(await request('tools/call', { name: 'echo', arguments: { message: 'more' } }));
      expect(again?.authorizationUrl).toBe(loginUrl.href);

      const announced = messages.length;
      await signIn(auth, loginUrl.href);
      expect(server.grantedScopes.at(-1)).toContain('tools:call');
      const deadline = Date.now() + 10_000;
      while (
        !messages.slice(announced).some((m) => m['method'] === 'notifications/tools/list_changed') &&
        Date.now() < deadline
      )
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(messages.slice(announced).map((m) => m['method'])).toContain('notifications/tools/list_changed');
      const called = await request('tools/call', { name: 'echo', arguments: { message: 'stepped up' } });
      expect(tether(called)).toBeUndefined();
      expect(JSON.stringify(called)).toContain('stepped up');
      for (const secret of server.secrets()) expect(log.join('\n')).not.toContain(secret);
    } finally {
      server.requireToolScope(undefined);
      await proxy.stop();
      await auth.close();
    }
  });
});

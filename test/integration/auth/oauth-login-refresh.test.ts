import { readFile, stat } from 'node:fs/promises';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStreamLogger } from '../../../electron/core/logger.js';
import type { AuthEvent } from '../../../electron/proxy/auth/auth-events.js';
import { authFolder, authRecordPath } from '../../../electron/proxy/auth/auth-record.js';
import { logout } from '../../../electron/proxy/auth/logout.js';
import { createOAuthUpstreamAuth } from '../../../electron/proxy/auth/oauth-upstream-auth.js';
import type { OAuthUpstreamAuth } from '../../../electron/proxy/auth/oauth-upstream-auth.js';
import { AuthRequiredError, fetchWithUpstreamAuth } from '../../helpers/auth-fetch.js';
import { startOAuthTestServer } from '../../helpers/oauth-server.js';
import type { OAuthTestServer } from '../../helpers/oauth-server.js';
import { createTempHome } from '../../helpers/temp-home.js';
import type { TempHome } from '../../helpers/temp-home.js';

let home: TempHome;
let server: OAuthTestServer;
let log: string[];
let events: AuthEvent[];
const opened: OAuthUpstreamAuth[] = [];
const clients: Client[] = [];

beforeEach(async () => {
  home = await createTempHome('tether-auth-');
  server = await startOAuthTestServer();
  log = [];
  events = [];
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close().catch(() => undefined)));
  await Promise.all(opened.splice(0).map((auth) => auth.close()));
  await server.close();
  await home.cleanup();
});

function createAuth(
  overrides: Partial<Parameters<typeof createOAuthUpstreamAuth>[0]> = {},
): OAuthUpstreamAuth {
  const auth = createOAuthUpstreamAuth({
    serverKey: 'everything',
    serverUrl: server.mcpUrl,
    dataDir: home.dataDir,
    logger: createStreamLogger({ level: 'debug', write: (line) => log.push(line) }),
    openBrowser: false,
    watchIntervalMs: 100,
    backoff: { baseMs: 200, maxMs: 1_000 },
    ...overrides,
  });
  auth.events.on((event) => events.push(event));
  opened.push(auth);
  return auth;
}

async function connect(auth: OAuthUpstreamAuth): Promise<Client> {
  const client = new Client({ name: 'auth-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(server.mcpUrl), {
    fetch: fetchWithUpstreamAuth(auth),
  });
  clients.push(client);
  await client.connect(transport);
  return client;
}

/** First login, as a person would do it: the test plays the browser and follows the URL. */
async function signIn(auth: OAuthUpstreamAuth): Promise<void> {
  const signedIn = new Promise<void>((resolve) =>
    auth.onCredentialsChanged((change) => change.reason === 'signed_in' && resolve()),
  );
  const started = Date.now();
  const outcome = await auth.onUnauthorized({ status: 401, wwwAuthenticate: null });
  expect(Date.now() - started).toBeLessThan(5_000);
  expect(outcome.kind).toBe('auth_required');
  if (outcome.kind !== 'auth_required' || !outcome.loginUrl) throw new Error('no login URL');
  const authorize = await fetch(outcome.loginUrl, { redirect: 'manual' });
  expect(authorize.status).toBe(302);
  const callback = await fetch(authorize.headers.get('location')!);
  expect(callback.status).toBe(200);
  await signedIn;
}

function assertNoSecretsLeaked(...extra: string[]): void {
  const visible = [...log, JSON.stringify(events), ...extra].join('\n');
  for (const secret of server.secrets()) expect(visible).not.toContain(secret);
  expect(visible).not.toMatch(/canary-(at|rt|code)-/);
}

describe('OAuth upstream auth against the SDK authorization server and server-everything', () => {
  it('signs in on first use, stores tokens 0600 in a 0700 folder, and calls tools', async () => {
    const auth = createAuth();
    await expect(connect(auth)).rejects.toBeInstanceOf(AuthRequiredError);
    await signIn(auth);
    const client = await connect(auth);
    const tools = await client.listTools();
    expect(tools.tools.length).toBeGreaterThan(0);
    const file = authRecordPath(home.dataDir, 'everything');
    if (process.platform !== 'win32') {
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect((await stat(authFolder(home.dataDir))).mode & 0o777).toBe(0o700);
      expect((await stat(home.dataDir)).mode & 0o777).toBe(0o700);
    }
    expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(['consent', 'token_issued']));
    assertNoSecretsLeaked();
    // The file holds the tokens (that is its job), but it is the only place they are.
    expect(await readFile(file, 'utf8')).toContain('canary-at-');
  });

  it('refreshes proactively before expiry', async () => {
    server.setExpiresIn(3);
    const auth = createAuth({ refreshMarginMs: 60_000 });
    await signIn(auth);
    const client = await connect(auth);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(server.counts.refresh).toBeGreaterThanOrEqual(1);
    expect(events.some((e) => e.kind === 'token_refreshed' && /about to expire/.test(e.reason))).toBe(true);
    await client.listTools();
    assertNoSecretsLeaked();
  });

  it('refreshes and replays on a 401 mid-session with no client-visible error', async () => {
    const auth = createAuth();
    await signIn(auth);
    const client = await connect(auth);
    await client.listTools();
    server.expireAccessTokens();
    const result = await client.callTool({ name: 'echo', arguments: { message: 'still here' } });
    expect(JSON.stringify(result)).toContain('still here');
    expect(server.counts.refresh).toBe(1);
    assertNoSecretsLeaked();
  });

  it('keeps the old token and backs off when the token endpoint answers 503, never starting a login', async () => {
    const auth = createAuth();
    await signIn(auth);
    const client = await connect(auth);
    const authorizeBefore = server.counts.authorize;
    const since = events.length;
    server.failTokenEndpoint(503);
    server.setExpiresIn(3);
    server.expireAccessTokens();
    await expect(client.listTools()).rejects.toThrow(/could not renew/);
    // An outage of the token endpoint is no person's job: `unavailable` (upstream_unavailable), no login URL.
    const outcome = await auth.onUnauthorized({ status: 401, wwwAuthenticate: null });
    expect(outcome).toMatchObject({ kind: 'unavailable', retryAfterMs: expect.any(Number) });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const failed = events.slice(since).filter((e) => e.kind === 'refresh_failed');
    expect(failed.length).toBeGreaterThanOrEqual(1);
    expect(failed[0]?.httpStatus).toBe(503);
    expect(failed[0]?.retryInMs).toBeGreaterThan(0);
    // Backoff: a handful of attempts, not one per request or a tight loop.
    expect(server.counts.tokenRequests).toBeLessThanOrEqual(4);
    expect(events.slice(since).some((e) => e.kind === 'login_required')).toBe(false);
    expect(server.counts.authorize).toBe(authorizeBefore);
    expect(await readFile(authRecordPath(home.dataDir, 'everything'), 'utf8')).toContain('canary-rt-');
    server.failTokenEndpoint(undefined);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await client.listTools();
    expect(events.some((e) => e.kind === 'token_refreshed')).toBe(true);
    assertNoSecretsLeaked();
  });

  it('answers auth_required promptly with a login URL on invalid_grant', async () => {
    const auth = createAuth();
    await signIn(auth);
    const client = await connect(auth);
    server.revokeRefreshTokens();
    server.expireAccessTokens();
    const started = Date.now();
    const error = await client.listTools().catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(String(error)).toMatch(/Sign-in required/);
    expect(events.some((e) => e.kind === 'refresh_failed' && /invalid_grant/.test(e.reason))).toBe(true);
    expect(events.some((e) => e.kind === 'login_required')).toBe(true);
    assertNoSecretsLeaked(String(error));
  });

  it('logs out: revokes at the server, deletes the tokens, and the running provider notices', async () => {
    const auth = createAuth();
    await signIn(auth);
    await connect(auth);
    const signedOut = new Promise<void>((resolve) =>
      auth.onCredentialsChanged((change) => change.reason === 'signed_out' && resolve()),
    );
    const result = await logout({ dataDir: home.dataDir, serverKey: 'everything' });
    expect(result).toEqual({ hadTokens: true, revocationSupported: true, revoked: true });
    expect(server.revokedTokens.length).toBe(2);
    expect(await readFile(authRecordPath(home.dataDir, 'everything'), 'utf8')).not.toContain('canary-');
    await signedOut;
    const outcome = await auth.onUnauthorized({ status: 401, wwwAuthenticate: null });
    expect(outcome.kind).toBe('auth_required');
    assertNoSecretsLeaked();
  });
});

import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlHub } from '../../../electron/core/hub/control-hub.js';
import { proxyJournalPath } from '../../../electron/core/control-socket-path.js';
import { silentLogger } from '../../../electron/core/logger.js';
import { startService } from '../../../electron/core/service.js';
import type { LogEvent } from '../../../shared/log-events.js';
import type { AuthEvent } from '../../../shared/control-protocol.js';
import { spawnProxy } from '../../helpers/mcp-stdio-client.js';
import type { StdioClient } from '../../helpers/mcp-stdio-client.js';
import { isToolSuccess, proxyError, toolNames } from '../../helpers/proxy-answer.js';
import { startOAuthTestServer } from '../../helpers/oauth-server.js';
import type { OAuthTestServer } from '../../helpers/oauth-server.js';
import { runCli, TETHER_BIN } from '../../helpers/run-cli.js';
import { createTempHome } from '../../helpers/temp-home.js';
import type { TempHome } from '../../helpers/temp-home.js';
import { spawn } from 'node:child_process';

/**
 * The built `tether proxy --oauth` in front of the SDK authorization server and server-everything,
 * with the real control hub listening: sign-in elsewhere (`tether auth`) and from the service
 * (`sign-in` command), refresh and refresh failure, all as the client, the journal and the hub see it.
 */
let home: TempHome;
let server: OAuthTestServer;
let hub: ControlHub;
let proxy: StdioClient;
const hubEvents: LogEvent[] = [];
const hubAuth: AuthEvent[] = [];
const outputs: string[] = [];

const NAME = 'everything';

beforeAll(async () => {
  home = await createTempHome('tether-auth-sign-in-');
  server = await startOAuthTestServer();
  hub = new ControlHub({
    dataDir: home.dataDir,
    logger: silentLogger,
    onEvent: (event) => hubEvents.push(event),
    onProxyEvent: (_key, event) => event.type === 'auth' && hubAuth.push(event),
  });
  await hub.start();
});

afterAll(async () => {
  await proxy?.kill();
  await hub.stop();
  await server.close();
  await home.cleanup();
});

/** Plays the browser: the authorization server consents at once and redirects to the loopback callback. */
async function followSignInUrl(url: string): Promise<void> {
  const authorize = await fetch(url, { redirect: 'manual' });
  expect(authorize.status).toBe(302);
  const callback = await fetch(authorize.headers.get('location')!);
  expect(callback.status).toBe(200);
  await callback.text();
}

/** `tether auth NAME --no-browser` in its own process; resolves once it has printed the URL. */
async function tetherAuth(): Promise<{ url: string; done: Promise<{ code: number | null }> }> {
  const child = spawn(process.execPath, [TETHER_BIN, 'auth', NAME, '--no-browser', '--timeout', '30'], {
    env: home.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const done = new Promise<{ code: number | null }>((resolve) =>
    child.on('close', (code) => {
      outputs.push(out);
      resolve({ code });
    }),
  );
  const deadline = Date.now() + 15_000;
  while (!/(https?:\/\/\S+\/authorize\S*)/.test(out) && Date.now() < deadline) {
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const url = /(https?:\/\/\S+\/authorize\S*)/.exec(out)?.[1];
  if (!url) throw new Error(`tether auth printed no URL: ${out}`);
  return { url, done };
}

function startProxy(): StdioClient {
  return spawnProxy([server.mcpUrl, '--oauth', '--name', NAME, '--log-level', 'debug'], { env: home.env });
}

async function journalAuthLines(): Promise<Array<AuthEvent & { pid: number }>> {
  const text = await readFile(proxyJournalPath(home.dataDir, NAME), 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as AuthEvent & { pid: number })
    .filter((line) => line.type === 'auth');
}

function hubAuthEvents(): AuthEvent[] {
  return hubAuth;
}

async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('tether proxy --oauth: sign-in while running, security activity, sign-in from the service', () => {
  let cachedTools: string[] = [];

  it('first run: signed in with `tether auth`, lists tools (cached), then signed out', async () => {
    proxy = startProxy();
    await proxy.initialize();
    const denied = await proxy.callTool('echo', { message: 'before' });
    expect(proxyError(denied)?.reason).toBe('auth_required');
    const login = await tetherAuth();
    await followSignInUrl(login.url);
    expect((await login.done).code).toBe(0);
    await proxy.waitForNotification('notifications/tools/list_changed', 15_000);
    cachedTools = toolNames(await proxy.request('tools/list'));
    expect(cachedTools).toContain('echo');
    proxy.closeStdin();
    await proxy.waitForExit(5_000);
    const out = await runCli(['auth', NAME, '--logout'], home.env);
    expect(out.stdout).toMatch(/revoked and deleted/);
    outputs.push(out.stdout, out.stderr);
  });

  it('without tokens: auth_required at once with the URL, cached lists served; `tether auth` elsewhere → list_changed → works', async () => {
    proxy = startProxy();
    await proxy.initialize();
    // The cached list is served while nobody is signed in.
    expect(toolNames(await proxy.request('tools/list'))).toEqual(cachedTools);
    const started = Date.now();
    const denied = await proxy.callTool('echo', { message: 'needs sign-in' });
    expect(Date.now() - started).toBeLessThan(5_000);
    const error = proxyError(denied);
    expect(error?.reason).toBe('auth_required');
    expect(error?.executed).toBe('no');
    expect(error?.authorizationUrl).toMatch(/\/authorize\?/);

    const changedFrom = proxy.notifications.length;
    const login = await tetherAuth();
    await followSignInUrl(login.url);
    expect((await login.done).code).toBe(0);
    const signedInAt = Date.now();
    await proxy.waitForNotification('notifications/tools/list_changed', 15_000, changedFrom);
    // Re-initialized because of the sign-in (not a backoff retry that happened to come next).
    expect(Date.now() - signedInAt).toBeLessThan(5_000);
    expect(proxy.stderrLines.join('\n')).toMatch(/signed in; reconnecting/);
    const called = await proxy.callTool('echo', { message: 'signed in elsewhere' });
    expect(isToolSuccess(called)).toBe(true);
    expect(JSON.stringify(called)).toContain('signed in elsewhere');
  });

  it('refresh and refresh failure are journaled and reach the hub, never with a token', async () => {
    // The refreshed token lives 3 s, so the next (proactive) refresh meets the revoked refresh token.
    server.setExpiresIn(3);
    server.expireAccessTokens();
    const refreshed = await proxy.callTool('echo', { message: 'after refresh' });
    expect(isToolSuccess(refreshed)).toBe(true);
    expect(server.counts.refresh).toBe(1);
    server.revokeRefreshTokens();
    server.setExpiresIn(3600);

    await until(
      async () =>
        (await journalAuthLines()).some((line) => line.kind === 'refresh_failed' && line.pid === proxy.pid),
      8_000,
      'the journal to hold refresh_failed',
    );
    server.expireAccessTokens();
    const denied = await proxy.callTool('echo', { message: 'refresh rejected' });
    expect(proxyError(denied)?.reason).toBe('auth_required');
    const journal = await journalAuthLines();
    const kinds = journal.map((line) => line.kind);
    // From `tether auth` (its own pid) and from the proxy.
    expect(kinds).toEqual(
      expect.arrayContaining([
        'consent',
        'token_issued',
        'revoked',
        'token_refreshed',
        'refresh_failed',
        'login_required',
      ]),
    );
    for (const line of journal) {
      expect(Date.parse(line.at)).not.toBeNaN();
      expect(line.reason.length).toBeGreaterThan(0);
      expect(line.authorizationUrl).toBeUndefined();
    }
    expect(journal.find((line) => line.kind === 'refresh_failed' && line.pid === proxy.pid)?.reason).toMatch(
      /invalid_grant/,
    );
    await until(
      () => hubAuthEvents().some((event) => event.kind === 'login_required'),
      5_000,
      'the hub to receive login_required',
    );
    const fromHub = hubAuthEvents().map((event) => event.kind);
    expect(fromHub).toEqual(
      expect.arrayContaining(['token_refreshed', 'refresh_failed', 'login_required', 'login_url']),
    );
    expect(hub.invalidMessages).toBe(0);
  });

  it('sign-in from the service: the hub gets the URL, the proxy signs in, announces the tools, works again', async () => {
    const changedFrom = proxy.notifications.length;
    const signIn = await hub.signIn(NAME);
    if (!signIn.ok) throw new Error(signIn.message);
    expect(signIn.authorizationUrl).toMatch(/\/authorize\?/);
    await followSignInUrl(signIn.authorizationUrl);
    await proxy.waitForNotification('notifications/tools/list_changed', 15_000, changedFrom);
    expect(isToolSuccess(await proxy.callTool('echo', { message: 'signed in from the service' }))).toBe(true);
    await until(
      () => hubAuthEvents().filter((event) => event.kind === 'token_issued').length > 0,
      5_000,
      'the hub to receive token_issued',
    );
    expect(hubAuthEvents().map((event) => event.kind)).toEqual(
      expect.arrayContaining(['consent', 'token_issued']),
    );
    // No proxy for that name: a clear refusal, not a hang.
    expect(await hub.signIn('nobody')).toMatchObject({ ok: false });
  });

  it('exits promptly on stdin EOF with auth configured and a login pending; nothing leaks a secret', async () => {
    server.revokeRefreshTokens();
    server.expireAccessTokens();
    expect(proxyError(await proxy.callTool('echo', { message: 'x' }))?.reason).toBe('auth_required');
    const started = Date.now();
    proxy.closeStdin();
    await proxy.waitForExit(5_000);
    expect(Date.now() - started).toBeLessThan(3_000);

    const journal = await readFile(proxyJournalPath(home.dataDir, NAME), 'utf8');
    const visible = [
      journal,
      JSON.stringify(hubEvents),
      JSON.stringify(hubAuth),
      proxy.stderrLines.join('\n'),
      ...outputs,
    ].join('\n');
    // Readable, not over-redacted: the activity lines name what happened.
    expect(proxy.stderrLines.join('\n')).toMatch(/auth token_refreshed \(/);
    for (const secret of server.secrets()) expect(visible).not.toContain(secret);
    expect(visible).not.toMatch(/canary-(at|rt|code)-/);
  });
  it("the service's `proxy:sign-in` reaches the proxy through the service's own hub", async () => {
    await hub.stop();
    const service = await startService({
      dataDir: home.dataDir,
      mode: 'headless',
      platform: process.platform,
      logger: silentLogger,
      pathEnv: { env: home.env, platform: process.platform, homeDir: home.home },
      logs: { pollMs: 200 },
    });
    try {
      proxy = startProxy();
      await proxy.initialize();
      expect(proxyError(await proxy.callTool('echo', { message: 'x' }))?.reason).toBe('auth_required');
      let signIn = await service.handlers['proxy:sign-in']({ name: NAME });
      for (let tries = 0; !signIn.ok && tries < 20; tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100)); // the proxy is still connecting
        signIn = await service.handlers['proxy:sign-in']({ name: NAME });
      }
      if (!signIn.ok) throw new Error(signIn.message);
      const changedFrom = proxy.notifications.length;
      await followSignInUrl(signIn.authorizationUrl);
      await proxy.waitForNotification('notifications/tools/list_changed', 15_000, changedFrom);
      expect(isToolSuccess(await proxy.callTool('echo', { message: 'via the service' }))).toBe(true);
    } finally {
      await proxy.kill();
      await service.stop();
    }
  });
});

import { afterEach, expect, it } from 'vitest';
import { createStreamLogger } from '../../../electron/core/logger.js';
import { startLoginSession } from '../../../electron/proxy/auth/login-session.js';
import { createOAuthUpstreamAuth } from '../../../electron/proxy/auth/oauth-upstream-auth.js';
import { signInAsBrowser } from '../../helpers/oauth-sign-in.js';
import { startOAuthTestServer, type OAuthTestServer } from '../../helpers/oauth-server.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';

/**
 * Every login used to register a new OAuth client, because each picks a fresh loopback port and a
 * stored client bound to another port was thrown away. RFC 8252 §7.3 has the authorization server
 * accept any port on a loopback redirect (the SDK's server does), so one registration serves them all.
 */
const started: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const item of started.splice(0).reverse()) await item.close().catch(() => undefined);
});

async function setUp(): Promise<{ home: TempHome; server: OAuthTestServer }> {
  const home = await createTempHome('tether-auth-reuse-');
  const server = await startOAuthTestServer();
  started.push({ close: () => home.cleanup() }, server);
  return { home, server };
}

/** `tether auth NAME` in-process: a login session whose URL the "browser" follows. */
async function signInLikeTetherAuth(home: TempHome, server: OAuthTestServer): Promise<void> {
  const session = await startLoginSession({
    dataDir: home.dataDir,
    serverKey: 'svc',
    serverUrl: server.mcpUrl,
  });
  const authorize = await fetch(session.authorizationUrl, { redirect: 'manual' });
  expect(authorize.status).toBe(302);
  await (await fetch(authorize.headers.get('location')!)).text();
  await session.completed;
}

it('sign-in, proxy sign-in, sign-in again: one client registration, each login on its own port', async () => {
  const { home, server } = await setUp();
  await signInLikeTetherAuth(home, server);
  expect(server.counts.register).toBe(1);

  // The proxy's own login after its tokens were revoked (a new loopback port).
  server.revokeRefreshTokens();
  server.expireAccessTokens();
  const log: string[] = [];
  const auth = createOAuthUpstreamAuth({
    serverKey: 'svc',
    serverUrl: server.mcpUrl,
    dataDir: home.dataDir,
    logger: createStreamLogger({ level: 'debug', write: (line) => log.push(line) }),
    openBrowser: false,
  });
  started.push({ close: () => auth.close() });
  await auth.onUnauthorized({ status: 401, wwwAuthenticate: null });
  await signInAsBrowser(auth);

  await signInLikeTetherAuth(home, server);
  expect(server.counts.authorize).toBe(3);
  expect(server.counts.register).toBe(1);
});

it('a proxy waiting on its own login takes a sign-in made elsewhere as a handover, not a failure', async () => {
  const { home, server } = await setUp();
  const log: string[] = [];
  const auth = createOAuthUpstreamAuth({
    serverKey: 'svc',
    serverUrl: server.mcpUrl,
    dataDir: home.dataDir,
    logger: createStreamLogger({ level: 'info', write: (line) => log.push(line) }),
    openBrowser: false,
  });
  started.push({ close: () => auth.close() });
  const signedIn = new Promise<void>((resolve) => auth.onCredentialsChanged(() => resolve()));
  const denied = await auth.onUnauthorized({ status: 401, wwwAuthenticate: null });
  expect(denied).toMatchObject({ kind: 'auth_required', loginUrl: expect.stringMatching(/authorize/) });
  await signInLikeTetherAuth(home, server);
  await signedIn;
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(log.join('')).toMatch(/signed in/);
  expect(log.join('')).not.toMatch(/did not complete|cancelled/);
});

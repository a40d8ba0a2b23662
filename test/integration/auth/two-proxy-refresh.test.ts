import { afterAll, beforeAll, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/core/logger.js';
import { createOAuthUpstreamAuth } from '../../../electron/proxy/auth/oauth-upstream-auth.js';
import { spawnProxy } from '../../helpers/mcp-stdio-client.js';
import type { StdioClient } from '../../helpers/mcp-stdio-client.js';
import { isToolSuccess } from '../../helpers/proxy-answer.js';
import { startOAuthTestServer } from '../../helpers/oauth-server.js';
import type { OAuthTestServer } from '../../helpers/oauth-server.js';
import { createTempHome } from '../../helpers/temp-home.js';
import type { TempHome } from '../../helpers/temp-home.js';
import { signInAsBrowser } from '../../helpers/oauth-sign-in.js';

/**
 * Two client windows, each with its own `tether proxy --oauth` for the same server, one stored token
 * whose refresh token rotates (single use). When the access token is rejected under both at once, the
 * cross-process lock must let exactly one refresh reach the server and the other proxy adopt its
 * result; a second refresh with the spent refresh token would get invalid_grant and a sign-in prompt.
 */
let home: TempHome;
let server: OAuthTestServer;
const proxies: StdioClient[] = [];

beforeAll(async () => {
  home = await createTempHome('tether-two-proxies-');
  server = await startOAuthTestServer();
});

afterAll(async () => {
  await Promise.all(proxies.map((proxy) => proxy.kill()));
  await server.close();
  await home.cleanup();
});

it('two running proxies, a rotating refresh token: both calls succeed, one refresh reaches the server', async () => {
  // Sign in once (the test plays the browser); the tokens land in the shared data folder.
  const auth = createOAuthUpstreamAuth({
    serverKey: 'everything',
    serverUrl: server.mcpUrl,
    dataDir: home.dataDir,
    logger: silentLogger,
    openBrowser: false,
  });
  await signInAsBrowser(auth);
  await auth.close();

  for (let index = 0; index < 2; index++)
    proxies.push(spawnProxy([server.mcpUrl, '--oauth', '--name', 'everything'], { env: home.env }));
  for (const [index, proxy] of proxies.entries()) {
    await proxy.initialize();
    expect(isToolSuccess(await proxy.callTool('echo', { message: `warm ${index}` }))).toBe(true);
  }

  const refreshesBefore = server.counts.refresh;
  server.expireAccessTokens();
  server.setRefreshDelay(300); // both proxies are inside the refresh window at the same time
  const answers = await Promise.all(
    proxies.map((proxy, index) => proxy.callTool('echo', { message: `after expiry ${index}` })),
  );
  for (const [index, answer] of answers.entries()) {
    expect(isToolSuccess(answer), JSON.stringify(answer)).toBe(true);
    expect(JSON.stringify(answer)).toContain(`after expiry ${index}`);
  }
  expect(server.counts.refresh - refreshesBefore).toBe(1);

  // Both keep working on the one rotated token, and neither printed a token or code.
  for (const proxy of proxies) {
    expect(isToolSuccess(await proxy.callTool('echo', { message: 'still working' }))).toBe(true);
    const stderr = proxy.stderrLines.join('\n');
    for (const secret of server.secrets()) expect(stderr).not.toContain(secret);
  }
});

import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/core/logger.js';
import { createOAuthUpstreamAuth } from '../../../electron/proxy/auth/oauth-upstream-auth.js';
import { startOAuthTestServer } from '../../helpers/oauth-server.js';
import type { OAuthTestServer } from '../../helpers/oauth-server.js';
import { createTempHome } from '../../helpers/temp-home.js';
import type { TempHome } from '../../helpers/temp-home.js';
import { signInAsBrowser } from '../../helpers/oauth-sign-in.js';

let home: TempHome;
let server: OAuthTestServer;
let bundleDir: string;
let childScript: string;

beforeAll(async () => {
  home = await createTempHome('tether-auth2-');
  server = await startOAuthTestServer();
  bundleDir = await mkdtemp(path.join(tmpdir(), 'tether-auth-child-'));
  childScript = path.join(bundleDir, 'refresh-child.mjs');
  await build({
    entryPoints: [path.resolve('test/integration/auth/refresh-child.ts')],
    outfile: childScript,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  });
});

afterAll(async () => {
  await server.close();
  await home.cleanup();
  await rm(bundleDir, { recursive: true, force: true });
});

function runChild(at: number): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [childScript, JSON.stringify({ dataDir: home.dataDir, serverUrl: server.mcpUrl, at })],
      { env: home.env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code });
    });
  });
}

it('two processes refreshing a rotating token at once: both keep working, one refresh reaches the server', async () => {
  // Sign in once in this process (the test plays the browser).
  const auth = createOAuthUpstreamAuth({
    serverKey: 'everything',
    serverUrl: server.mcpUrl,
    dataDir: home.dataDir,
    logger: silentLogger,
    openBrowser: false,
  });
  await signInAsBrowser(auth);
  await auth.close();

  server.expireAccessTokens();
  server.setRefreshDelay(300);
  const at = Date.now() + 1_500;
  const results = await Promise.all([runChild(at), runChild(at)]);
  for (const result of results) {
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout.trim())).toEqual({ outcome: 'retry', status: 200 });
    for (const secret of server.secrets()) expect(result.stderr).not.toContain(secret);
  }
  expect(server.counts.refresh).toBe(1);
  const kinds = results
    .map((result) => (/token_adopted/.test(result.stderr) ? 'adopted' : 'refreshed'))
    .sort();
  expect(kinds).toEqual(['adopted', 'refreshed']);
});

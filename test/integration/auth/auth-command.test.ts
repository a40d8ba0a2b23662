import { readFile } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildProgram } from '../../../electron/cli/program.js';
import { authRecordPath } from '../../../electron/proxy/auth/auth-record.js';
import { freePort } from '../../helpers/free-port.js';
import { startOAuthTestServer } from '../../helpers/oauth-server.js';
import type { OAuthTestServer } from '../../helpers/oauth-server.js';
import { createTempHome } from '../../helpers/temp-home.js';
import type { TempHome } from '../../helpers/temp-home.js';

let home: TempHome;
let server: OAuthTestServer;
const savedHome = process.env['TETHER_HOME'];

beforeAll(async () => {
  home = await createTempHome('tether-auth-cli-');
  process.env['TETHER_HOME'] = home.dataDir;
  server = await startOAuthTestServer();
});

afterAll(async () => {
  if (savedHome === undefined) delete process.env['TETHER_HOME'];
  else process.env['TETHER_HOME'] = savedHome;
  await server.close();
  await home.cleanup();
});

function run(args: string[]): { done: Promise<void>; stdout: () => string; stderr: () => string } {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  err.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const program = buildProgram({ rendererDir: '/nonexistent', stdout: out, stderr: err });
  const done = program.parseAsync(['node', 'tether', ...args]).then(() => undefined);
  return { done, stdout: () => stdout, stderr: () => stderr };
}

it('tether auth NAME --no-browser prints the URL, completes the login; --logout revokes and deletes', async () => {
  const login = run(['auth', 'everything', '--url', server.mcpUrl, '--no-browser', '--timeout', '30']);
  const deadline = Date.now() + 10_000;
  while (!/https?:\/\/\S+\/authorize\S*/.test(login.stdout()) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const url = /(https?:\/\/\S+\/authorize\S*)/.exec(login.stdout())?.[1];
  expect(url).toBeDefined();
  const authorize = await fetch(url!, { redirect: 'manual' });
  await (await fetch(authorize.headers.get('location')!)).text();
  await login.done;
  expect(login.stdout()).toMatch(/Signed in to everything/);
  expect(await readFile(authRecordPath(home.dataDir, 'everything'), 'utf8')).toContain('canary-at-');

  const out = run(['auth', 'everything', '--logout']);
  await out.done;
  expect(out.stdout()).toMatch(/tokens revoked and deleted/);
  expect(server.counts.revoke).toBe(2);
  expect(await readFile(authRecordPath(home.dataDir, 'everything'), 'utf8')).not.toContain('canary-');
  const visible = [login.stdout(), login.stderr(), out.stdout(), out.stderr()].join('\n');
  for (const secret of server.secrets()) expect(visible).not.toContain(secret);
});

it('a pre-registered confidential client: the secret comes from --client-secret-env, never argv or disk', async () => {
  const port = await freePort();
  const { clientId, clientSecret } = server.registerClient(`http://127.0.0.1:${port}/callback`);
  const base = ['auth', 'confidential', '--url', server.mcpUrl, '--client-id', clientId, '--no-browser'];
  const missing = run([...base, '--client-secret-env', 'TETHER_TEST_SECRET', '--timeout', '30']);
  await expect(missing.done).rejects.toThrow(/TETHER_TEST_SECRET.*not set/);

  process.env['TETHER_TEST_SECRET'] = clientSecret;
  try {
    const login = run([
      ...base,
      '--client-secret-env',
      'TETHER_TEST_SECRET',
      '--callback-port',
      String(port),
      '--timeout',
      '30',
    ]);
    const deadline = Date.now() + 10_000;
    while (!/https?:\/\/\S+\/authorize\S*/.test(login.stdout()) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const url = /(https?:\/\/\S+\/authorize\S*)/.exec(login.stdout())?.[1];
    expect(url).toContain(`client_id=${clientId}`);
    const authorize = await fetch(url!, { redirect: 'manual' });
    await (await fetch(authorize.headers.get('location')!)).text();
    await login.done;
    expect(login.stdout()).toMatch(/Signed in to confidential/);
    const record = await readFile(authRecordPath(home.dataDir, 'confidential'), 'utf8');
    expect(record).toContain('canary-at-');
    expect(record).not.toContain(clientSecret);
    expect(login.stdout() + login.stderr()).not.toContain(clientSecret);
  } finally {
    delete process.env['TETHER_TEST_SECRET'];
  }
});

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium.js';
import { installClaudeCodeScenario, SCENARIOS } from '../helpers/claude-code-fixture-home.js';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { freePort } from '../helpers/free-port.js';
import { spawnStdioServer, type StdioClient } from '../helpers/mcp-stdio-client.js';
import { startOAuthTestServer, type OAuthTestServer } from '../helpers/oauth-server.js';
import { isToolSuccess, proxyError } from '../helpers/proxy-answer.js';
import { startReferenceServer, type ReferenceServer } from '../helpers/reference-server.js';
import { runCli, stopChild, TETHER_BIN, waitForOutput } from '../helpers/run-cli.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';

describe('headless dashboard in Chromium', () => {
  let home: TempHome;
  let serve: ChildProcess;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    home = await createTempHome();
    serve = spawn(process.execPath, [TETHER_BIN, 'serve', '--no-open'], { env: home.env });
    [url] = (await waitForOutput(serve, /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/)) as unknown as [string];
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stopChild(serve);
    await home?.cleanup();
  });

  it('shows the Tether version and data folder fetched over the WebSocket API', async () => {
    const { version } = JSON.parse(await readFile('package.json', 'utf8')) as { version: string };
    const page = await browser.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.goto(url);
    await expect.poll(() => page.getByTestId('tether-version').textContent()).toBe(version);
    expect(await page.getByTestId('tether-data-dir').textContent()).toBe(home.dataDir);
    expect(await page.title()).toBe('Tether');
    await mkdir('test-results', { recursive: true });
    // No client configured: the first-run state says where Tether looked.
    await page.getByRole('heading', { name: 'No MCP servers found yet' }).waitFor();
    await page.screenshot({ path: 'test-results/dashboard.png', fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: 'test-results/dashboard-empty-dark.png', fullPage: true });
    expect(consoleErrors.join('\n')).toBe('');
    await page.close();
  });

  it('keeps working after a reload without the token in the URL (cookie session)', async () => {
    const page = await browser.newPage();
    await page.goto(url);
    await page.getByTestId('tether-version').waitFor();
    await page.goto(new URL('/', url).href);
    await expect.poll(() => page.getByTestId('tether-data-dir').textContent()).toBe(home.dataDir);
    await page.close();
  });

  it('refuses a page from another origin that tries to use the API', async () => {
    // A hostile page on another loopback port: the browser sends its Origin, the dashboard refuses.
    const hostile: Server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!doctype html><title>hostile</title>');
    });
    await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve));
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${(hostile.address() as AddressInfo).port}/`);
      const token = new URL(url).searchParams.get('token') ?? '';
      const wsUrl = `ws://${new URL(url).host}/api/ws?token=${token}`;
      const outcome = await page.evaluate(
        (target) =>
          new Promise<string>((resolve) => {
            const socket = new WebSocket(target);
            socket.onmessage = () => resolve('message');
            socket.onerror = () => resolve('refused');
            setTimeout(() => resolve('timeout'), 5000);
          }),
        wsUrl,
      );
      expect(outcome).toBe('refused');
      await page.close();
    } finally {
      hostile.close();
    }
  });
});

const LONG_NAME = `long-${'n'.repeat(995)}`;
const WIDE_NAME = 'données-数据-サーバー-🚀';

/** The wrapped entry `tether wrap` wrote for `name`: the command line a client starts. */
async function wrappedEntry(home: TempHome, name: string): Promise<{ command: string; args: string[] }> {
  const config = JSON.parse(await readFile(path.join(home.home, '.claude.json'), 'utf8')) as {
    mcpServers: Record<string, { command: string; args: string[] }>;
  };
  const entry = config.mcpServers[name];
  // Wrapped entries start the stable launcher (<dataDir>/bin/tether-proxy), or `tether proxy` itself.
  const wrapped =
    entry && (path.basename(entry.command).startsWith('tether-proxy') || entry.args.includes('proxy'));
  if (!wrapped) throw new Error(`${name} is not wrapped: ${JSON.stringify(entry)}`);
  return entry;
}

async function until(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/**
 * The dashboard against real parts: the reference server behind a fault layer (to see each
 * `initialize` arrive) behind a real `tether proxy` started from its wrapped config entry, an OAuth
 * server's proxy that needs a sign-in, a real Claude Code idle-cut capture for an unwrapped server,
 * and a client config that does not parse.
 */
describe('dashboard with live proxies, captures and a broken config', () => {
  let home: TempHome;
  let upstream: ReferenceServer;
  let front: FaultProxy;
  let oauth: OAuthTestServer;
  let serve: ChildProcess;
  let port: number;
  let url: string;
  let tokenFile: string;
  let browser: Browser;
  let page: Page;
  let ref: StdioClient;
  let secure: StdioClient;

  const startServe = async (): Promise<string> => {
    serve = spawn(
      process.execPath,
      [TETHER_BIN, 'serve', '--no-open', '--port', String(port), '--token-file', tokenFile],
      { env: home.env },
    );
    const [found] = (await waitForOutput(serve, /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/)) as unknown as [
      string,
    ];
    return found;
  };
  const startFromConfig = async (name: string): Promise<StdioClient> => {
    const entry = await wrappedEntry(home, name);
    return spawnStdioServer([entry.command, ...entry.args], { env: home.env });
  };
  const row = (name: string): Locator =>
    page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
  const initializes = (): number =>
    front.requests.filter((request) => request.rpcMethod === 'initialize').length;
  const shoot = async (name: string): Promise<void> => {
    await mkdir('test-results', { recursive: true });
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await page.screenshot({ path: `test-results/dashboard-${name}-${colorScheme}.png`, fullPage: true });
    }
    await page.emulateMedia({ colorScheme: 'light' });
  };

  beforeAll(async () => {
    home = await createTempHome('tether-dash-');
    [upstream, oauth] = await Promise.all([startReferenceServer('streamableHttp'), startOAuthTestServer()]);
    front = await startFaultProxy({ port: upstream.port });
    // Claude Code's own config and log of a session whose stream a proxy cut every 3 s (unwrapped `svc`).
    await installClaudeCodeScenario(home, ...SCENARIOS.idleCut);
    const configPath = path.join(home.home, '.claude.json');
    const config = JSON.parse(await readFile(configPath, 'utf8')) as Record<string, unknown>;
    config['mcpServers'] = {
      ref: { type: 'http', url: front.url('/mcp') },
      secure: { type: 'http', url: oauth.mcpUrl },
      [LONG_NAME]: { type: 'http', url: 'http://127.0.0.1:9/mcp' },
      [WIDE_NAME]: { type: 'http', url: 'http://127.0.0.1:9/mcp' },
    };
    await writeFile(configPath, JSON.stringify(config, null, 2));
    for (const name of ['ref', 'secure']) {
      const wrapped = await runCli(['wrap', name, '--client', 'claude-code'], home.env);
      expect(wrapped.code, wrapped.stderr).toBe(0);
    }
    // The OAuth server wants a sign-in: its proxy runs with --oauth (as `tether wrap` would after `tether auth`).
    const wrappedConfig = JSON.parse(await readFile(configPath, 'utf8')) as {
      mcpServers: Record<string, { args: string[] }>;
    };
    const secureArgs = wrappedConfig.mcpServers['secure']!.args;
    secureArgs.splice(secureArgs.indexOf('proxy') + 1, 0, '--oauth');
    await writeFile(configPath, JSON.stringify(wrappedConfig, null, 2));
    // Cursor's config is broken at line 3.
    await mkdir(path.join(home.home, '.cursor'), { recursive: true });
    await writeFile(
      path.join(home.home, '.cursor', 'mcp.json'),
      '{\n  "mcpServers": {\n    "broken": { "command": \n}\n',
    );

    port = await freePort();
    tokenFile = path.join(home.home, 'serve-token');
    url = await startServe();
    ref = await startFromConfig('ref');
    await ref.initialize();
    expect(isToolSuccess(await ref.callTool('echo', { message: 'hello' }))).toBe(true);
    secure = await startFromConfig('secure');
    await secure.initialize();
    expect(proxyError(await secure.callTool('echo', { message: 'hi' }))?.reason).toBe('auth_required');

    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(url);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await ref?.kill();
    await secure?.kill();
    await stopChild(serve);
    await front?.close();
    await upstream?.stop();
    await oauth?.close();
    await home?.cleanup();
  });

  it('lists every server with its status, the sign-in it needs, and the unreadable file with file:line', async () => {
    await expect.poll(() => row('ref').textContent(), { timeout: 20_000 }).toContain('connected');
    await expect.poll(() => row('secure').textContent(), { timeout: 20_000 }).toMatch(/needs.auth/);
    await row('secure').getByRole('button', { name: 'Sign in secure' }).waitFor();
    await row('svc').getByRole('button', { name: 'Wrap svc' }).waitFor();
    expect(await row('svc').textContent()).toContain('not wrapped');
    await expect
      .poll(() => page.getByRole('alert').filter({ hasText: 'mcp.json' }).textContent())
      .toMatch(/\.cursor\/mcp\.json:\d+/);
    await page.getByRole('button', { name: 'Reconnect all' }).waitFor();
    await page.getByRole('link', { name: 'Logs' }).waitFor();
    // A 1,000-character and a non-ASCII name: each one row, the whole name in its link.
    expect(await row(LONG_NAME).getByRole('link').textContent()).toBe(LONG_NAME);
    expect(await row(WIDE_NAME).getByRole('link').textContent()).toBe(WIDE_NAME);
    expect(
      await row(WIDE_NAME)
        .getByRole('button', { name: `Wrap ${WIDE_NAME}` })
        .count(),
    ).toBe(1);
    await shoot('servers');
  });

  it('reaches every action by keyboard, with a visible focus', async () => {
    await page.locator('body').focus();
    let reached = false;
    for (let press = 0; press < 80 && !reached; press++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(
        () => document.activeElement?.getAttribute('aria-label') === 'Reconnect ref',
      );
    }
    expect(reached).toBe(true);
    const outline = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement!);
      return `${style.outlineStyle} ${style.outlineWidth}`;
    });
    expect(outline).toMatch(/^solid [1-9]/);
    await page.keyboard.press('Enter');
    await page.locator('[data-sonner-toast]').first().waitFor({ timeout: 15_000 });
  });

  it('upstream killed: the row changes within 2 s of the proxy state event; back: connected', async () => {
    await upstream.stop();
    // A client's next call (or the proxy's idle ping after 30 s of silence) finds the upstream gone;
    // the row is timed from the proxy's state event, so make the call instead of waiting for the ping.
    void ref.callTool('echo', { message: 'while down' }).catch(() => undefined);
    await until(
      async () => !(await row('ref').textContent())?.includes('connected'),
      30_000,
      'ref to leave connected',
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}; the row says: ${await row('ref').textContent()}`);
    });
    const seenAt = Date.now();
    const since = Date.parse((await row('ref').getAttribute('data-since')) ?? '');
    expect(seenAt - since, `shown ${seenAt - since} ms after the proxy's state event`).toBeLessThanOrEqual(
      2000,
    );
    await shoot('servers-down');
    await upstream.start();
    await expect.poll(() => row('ref').textContent(), { timeout: 60_000 }).toMatch(/^\s*connected/);
  });

  it('Reconnect ref: the proxy initializes again at the upstream and the client’s next call works', async () => {
    const before = initializes();
    await row('ref').getByRole('button', { name: 'Reconnect ref' }).click();
    // The outcome toast names the server (progress first, then the service's message).
    const toast = page.locator(
      '[data-sonner-toast][data-type="success"], [data-sonner-toast][data-type="error"]',
    );
    await toast.first().waitFor({ timeout: 15_000 });
    const said = await toast.first().textContent();
    expect(await toast.first().getAttribute('data-type'), said ?? '').toBe('success');
    await until(() => initializes() > before, 15_000, `a new initialize at the upstream (toast: ${said})`);
    expect(isToolSuccess(await ref.callTool('echo', { message: 'after reconnect' }))).toBe(true);
  });

  it('Wrap svc edits the config file; Undo restores it byte-identical', async () => {
    const configPath = path.join(home.home, '.claude.json');
    const before = await readFile(configPath);
    await row('svc').getByRole('button', { name: 'Wrap svc' }).click();
    await until(async () => !(await readFile(configPath)).equals(before), 15_000, 'the config to change');
    expect((await readFile(configPath, 'utf8')).match(/bin\/tether-proxy"/g)?.length).toBe(3);
    const undo = page.locator('[data-sonner-toast]').getByRole('button', { name: 'Undo' });
    await undo.click();
    await until(
      async () => (await readFile(configPath)).equals(before),
      15_000,
      'the byte-identical restore',
    );
    await expect.poll(() => row('svc').textContent(), { timeout: 15_000 }).toContain('not wrapped');
  });

  it('Unwrap ref shows its preview and asks once; Cancel writes nothing', async () => {
    const configPath = path.join(home.home, '.claude.json');
    const before = await readFile(configPath);
    await row('ref').getByRole('button', { name: 'Unwrap ref' }).click();
    const dialog = page.getByRole('dialog', { name: 'Unwrap ref?' });
    await dialog.getByLabel('Preview of the change').waitFor({ timeout: 15_000 });
    expect(await dialog.getByLabel('Preview of the change').textContent()).toMatch(/^-.*bin\/tether-proxy"/m);
    await shoot('unwrap-dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await readFile(configPath)).equals(before)).toBe(true);
  });

  it('the idle-cut capture shows its finding and remedy on the detail page (opened by plain name)', async () => {
    await page.goto(new URL('/#/servers/svc', url).href);
    const finding = page.locator('.finding').first();
    await finding.waitFor({ timeout: 20_000 });
    expect(await finding.textContent()).toMatch(/Remedy:/);
    expect(await page.locator('.findings').textContent()).toMatch(/idle|cut/i);
    await page.getByRole('heading', { name: 'Connection timeline' }).waitFor();
    await shoot('detail-svc');
    await page.goto(new URL(`/#/servers/ref`, url).href);
    await page.getByRole('heading', { name: 'Recent activity' }).waitFor();
    await shoot('detail-ref');
    await page.goto(new URL('/#/', url).href);
  });

  it('an action on a server whose proxy exited answers with a clear message', async () => {
    ref.closeStdin();
    await ref.waitForExit(10_000);
    await expect.poll(() => row('ref').textContent(), { timeout: 20_000 }).not.toMatch(/^\s*connected/);
    const key = await page.evaluate(() =>
      (document.querySelector('a.server-link[title="ref"]') as HTMLAnchorElement).hash.slice(
        '#/servers/'.length,
      ),
    );
    const answer = await page.evaluate(
      (target) =>
        new Promise<string>((resolve) => {
          const socket = new WebSocket(`ws://${location.host}/api/ws`);
          socket.onopen = () =>
            socket.send(
              JSON.stringify({
                type: 'invoke',
                id: 1,
                channel: 'server:act',
                request: { key: target, action: 'reconnect' },
              }),
            );
          socket.onmessage = (message) =>
            String(message.data).includes('"result"') && resolve(String(message.data));
        }),
      decodeURIComponent(key),
    );
    expect(answer).toMatch(/"ok":false/);
    expect(answer).toMatch(/not running|no live|exited|no proxy/i);
  });

  it('tether serve restarted under the open page: a banner, then recovery without a reload', async () => {
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    serve.kill('SIGTERM');
    await page.getByRole('alert').filter({ hasText: 'not reachable' }).waitFor({ timeout: 10_000 });
    await shoot('service-down');
    await startServe();
    await page
      .getByRole('alert')
      .filter({ hasText: 'not reachable' })
      .waitFor({ state: 'detached', timeout: 20_000 });
    await expect.poll(() => row('secure').textContent(), { timeout: 20_000 }).toMatch(/needs.auth/);
    expect(await page.evaluate(() => (window as unknown as { marker: number }).marker)).toBe(42);
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium.js';
import { stopChild, TETHER_BIN, waitForOutput } from '../helpers/run-cli.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';

const CANARIES = ['CanaryDomArg5e1', 'CanaryDomEq5e1', 'CanaryDomKey5e1', 'CanaryDomAuth5e1'];

/**
 * The dashboard with secrets in the user's config: nothing of them in the page (every view's DOM) or
 * in what the page's own API connection receives, and no token left in the address bar.
 */
describe('dashboard canary sweep in Chromium', () => {
  let home: TempHome;
  let serve: ChildProcess;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    home = await createTempHome();
    const config = {
      mcpServers: {
        stdio: { command: 'npx', args: ['srv', '--api-key', CANARIES[0], `--token=${CANARIES[1]}`] },
        remote: {
          type: 'http',
          url: 'https://mcp.example.com/mcp',
          headers: { 'X-Tenant-Key': CANARIES[2], Authorization: `Bearer ${CANARIES[3]}` },
        },
      },
    };
    await writeFile(path.join(home.home, '.claude.json'), JSON.stringify(config, null, 2));
    serve = spawn(process.execPath, [TETHER_BIN, 'serve', '--no-open'], { env: home.env });
    [url] = (await waitForOutput(serve, /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/)) as unknown as [string];
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stopChild(serve);
    await home?.cleanup();
  });

  it('shows no canary in any view or API answer, and drops the token from the address bar', async () => {
    const page = await browser.newPage();
    const frames: string[] = [];
    page.on('websocket', (socket) =>
      socket.on('framereceived', (frame) => frames.push(String(frame.payload))),
    );
    await page.goto(url);
    await page.getByTestId('tether-version').waitFor();
    expect(page.url()).not.toContain('token=');
    const answers = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const socket = new WebSocket(`ws://${location.host}/api/ws`);
          const got: string[] = [];
          socket.onopen = () =>
            ['servers:list', 'timeline:list'].forEach((channel, id) =>
              socket.send(JSON.stringify({ type: 'invoke', id, channel, request: {} })),
            );
          socket.onmessage = (message) => {
            got.push(String(message.data));
            if (got.filter((text) => text.includes('"result"')).length === 2) resolve(got.join('\n'));
          };
        }),
    );
    expect(answers).toContain('"servers"'); // the answer is there, with the entries in it
    expect(answers).toContain('srv');
    const html: string[] = [];
    for (const route of ['#/', '#/logs', '#/servers/stdio']) {
      await page.goto(new URL(`/${route}`, url).href);
      await page.getByTestId('tether-version').waitFor();
      html.push(await page.content());
    }
    await mkdir('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/canary-dom.png', fullPage: true });
    const everything = [answers, ...frames, ...html].join('\n');
    expect(CANARIES.filter((canary) => everything.includes(canary))).toEqual([]);
    await page.close();
  });
});

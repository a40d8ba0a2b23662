import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium.js';
import { TETHER_BIN, waitForOutput } from '../helpers/run-cli.js';
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
    serve?.kill('SIGTERM');
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
    await page.screenshot({ path: 'test-results/dashboard.png', fullPage: true });
    expect(consoleErrors.join("\n")).toBe("");
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

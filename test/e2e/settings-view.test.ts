import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium.js';
import { stopChild, TETHER_BIN, waitForOutput } from '../helpers/run-cli.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';

/**
 * The Settings view under `tether serve` in real Chromium: it shows the data folder and the settings
 * file, saves a change into <dataDir>/settings.json (the file the desktop app reads too), and a theme
 * choice pins the page's colour scheme.
 */
describe('Settings view', () => {
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

  it('is reached from the navigation, saves to the shared file, applies the theme', async () => {
    const page = await browser.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.goto(url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    const facts = page.getByLabel('Where Tether keeps its data').getByRole('definition');
    await expect
      .poll(() => facts.allTextContents())
      .toEqual([home.dataDir, path.join(home.dataDir, 'settings.json')]);
    // Headless: the desktop-only choices are shown but cannot be changed here.
    expect(await page.getByRole('checkbox', { name: /Start at login/ }).isDisabled()).toBe(true);

    const recovered = page.getByRole('checkbox', { name: 'A server is back after an outage' });
    expect(await recovered.isChecked()).toBe(true);
    await recovered.uncheck();
    await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
    const file = path.join(home.dataDir, 'settings.json');
    await expect
      .poll(async () => JSON.parse(await readFile(file, 'utf8').catch(() => '{}')) as Record<string, unknown>)
      .toMatchObject({ theme: 'dark', notifications: { recovered: false, down: true } });
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme)).toBe('dark');

    // A reload reads them back from the service.
    await page.reload();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await expect
      .poll(() => page.getByRole('checkbox', { name: 'A server is back after an outage' }).isChecked())
      .toBe(false);
    await mkdir('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/settings-view.png', fullPage: true });
    expect(consoleErrors.join('\n')).toBe('');
    await page.close();
  });
});

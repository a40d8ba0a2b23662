import { spawn, type ChildProcess } from 'node:child_process';
import {
  appendFile,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  truncate,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { extract } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium.js';
import {
  CANARIES,
  claudeCodeLine,
  installLogViewerHome,
  type LogViewerHome,
} from '../helpers/log-viewer-home.js';
import { stopChild, TETHER_BIN, waitForOutput } from '../helpers/run-cli.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';

const rows = (page: Page) => page.locator('[role="grid"] [role="row"]:not(.log-header)');
const search = (page: Page) => page.getByLabel('Search logs');

/** The log viewer against a real `tether serve` on a temp home full of real captures. */
describe('log viewer in Chromium', () => {
  let home: TempHome;
  let logs: LogViewerHome;
  let serve: ChildProcess;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    home = await createTempHome();
    logs = await installLogViewerHome(home);
    serve = spawn(process.execPath, [TETHER_BIN, 'serve', '--no-open'], { env: home.env });
    const [url] = (await waitForOutput(serve, /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/)) as unknown as [
      string,
    ];
    base = url;
    browser = await launchChromium();
    await mkdir('test-results', { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await stopChild(serve);
    await home?.cleanup();
  });

  async function open(hash = '#/logs', options: { dark?: boolean } = {}): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    if (options.dark) await page.emulateMedia({ colorScheme: 'dark' });
    page.on('pageerror', (error) => {
      throw error;
    });
    await page.goto(base); // sets the session cookie
    await page.goto(new URL(`/${hash}`, base).href);
    await expect.poll(() => rows(page).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    return page;
  }

  it('shows every client’s events; a search filters the rows and highlights the match', async () => {
    const page = await open();
    await expect
      .poll(() => page.getByText(/events from \d+ files/).textContent())
      .toMatch(/of [\d,]+ events/);
    const before = await rows(page).count();
    await search(page).fill('Terminal connection error');
    await expect
      .poll(async () =>
        (await rows(page).allTextContents()).every((text) => text.includes('Terminal connection error')),
      )
      .toBe(true);
    expect(await rows(page).count()).toBeLessThan(before);
    expect(await page.locator('[role="row"] mark').first().textContent()).toMatch(
      /terminal connection error/i,
    );
    await page.screenshot({ path: 'test-results/log-viewer-search.png' });

    // "Only this" from a server cell, then "Hide this" from a client cell.
    await search(page).fill('');
    await expect.poll(() => rows(page).count()).toBeGreaterThan(20);
    // A row near the bottom: on screen (the list follows the newest lines), not under the header.
    await rows(page).nth(-4).locator('[data-field="server"]').click();
    const only = page.getByRole('menuitem', { name: /^Only / });
    const server = (await only.textContent())!.replace(/^Only /, '');
    await only.click();
    await expect
      .poll(async () => {
        const servers = await rows(page).locator('[data-field="server"]').allTextContents();
        return servers.length > 0 && servers.every((name) => name === server);
      })
      .toBe(true);
    await expect
      .poll(() => page.getByText(/[\d,]+ shown of [\d,]+ events/).textContent())
      .not.toMatch(/^(\S+) shown of \1 /);
    await page.getByRole('button', { name: `Remove Server: ${server}` }).click();
    // Every event is shown again.
    await expect
      .poll(() => page.getByText(/[\d,]+ shown of [\d,]+ events/).textContent())
      .toMatch(/^(\S+) shown of \1 /);
    await rows(page).nth(-4).locator('[data-field="client"]').click();
    await page.getByRole('menuitem', { name: 'Hide Claude Code' }).click();
    await expect
      .poll(async () => {
        const clients = await rows(page).locator('[data-field="client"]').allTextContents();
        return clients.length > 0 && !clients.includes('Claude Code');
      })
      .toBe(true);
    await page.close();
  });

  it('takes a regular expression, and says inline when one is invalid', async () => {
    const page = await open();
    await page.getByRole('button', { name: 'Regex' }).click();
    await search(page).fill('Terminal connection error [23]/3');
    await expect
      .poll(async () => {
        const texts = await rows(page).allTextContents();
        return texts.length > 0 && texts.every((text) => /Terminal connection error [23]\/3/.test(text));
      })
      .toBe(true);
    await search(page).fill('Terminal (connection');
    await expect(page.getByRole('alert').first().textContent()).resolves.toMatch(
      /Invalid regular expression/,
    );
    expect(await search(page).getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: 'test-results/log-viewer-regex-error.png' });
    await page.close();
  });

  it('follows appended lines within a second, and counts them in a pill while paused', async () => {
    const page = await open();
    await page.getByText('Live', { exact: true }).waitFor();
    const started = Date.now();
    await appendFile(logs.liveFile, claudeCodeLine('Calling MCP tool: live-probe-1'));
    await page.getByText('Calling MCP tool: live-probe-1').waitFor({ timeout: 5000 });
    const delay = Date.now() - started;
    expect(delay).toBeLessThan(1000);
    await page.getByRole('button', { name: 'Pause' }).click();
    for (let i = 2; i <= 4; i++)
      await appendFile(logs.liveFile, claudeCodeLine(`Calling MCP tool: live-probe-${i}`));
    await page.getByRole('button', { name: '3 new events' }).waitFor({ timeout: 5000 });
    expect(await page.getByText('Calling MCP tool: live-probe-3').count()).toBe(0);
    await page.screenshot({ path: 'test-results/log-viewer-paused.png' });
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByText('Calling MCP tool: live-probe-4').waitFor({ timeout: 5000 });
    await page.close();
  });

  it('opens an event’s detail with its file, line and context; a permalink reopens the same view', async () => {
    // The parameters an evidence link carries (shared/log-view-link.ts): a server and a search.
    const page = await open(
      `#/logs?server=server-restart&q=${encodeURIComponent('session expired (server no longer')}`,
    );
    await expect.poll(() => rows(page).count()).toBe(1);
    await rows(page).first().click();
    const detail = page.getByTestId('log-detail');
    await expect.poll(() => detail.getByTestId('detail-source').textContent()).toBe(`${logs.liveFile}:37`);
    const target = detail.locator('li[aria-current="true"]');
    expect(await target.getAttribute('data-line')).toBe('37');
    expect(await target.textContent()).toContain(
      'MCP session expired (server no longer recognizes session ID)',
    );
    expect(await detail.locator('li[data-line="36"]').count()).toBe(1);
    expect(await detail.locator('li[data-line="38"]').textContent()).toContain(
      'Closing transport (session expired)',
    );
    await page.screenshot({ path: 'test-results/log-viewer-detail.png' });
    await expect.poll(() => page.url()).toContain('line=37');
    const link = page.url();

    const again = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await again.goto(base);
    await again.goto(link);
    await expect
      .poll(() => again.getByTestId('detail-source').textContent(), { timeout: 15_000 })
      .toBe(`${logs.liveFile}:37`);
    expect(await search(again).inputValue()).toBe('session expired (server no longer');
    expect(await again.locator('[role="row"][aria-selected="true"]').textContent()).toContain(
      'MCP session expired',
    );
    await again.close();
    await page.close();
  });

  it('keeps every canary secret out of the DOM, the export and the bundle; the bundle downloads', async () => {
    const page = await open('#/logs?q=mcp.example.com');
    await expect.poll(() => rows(page).count()).toBe(1);
    await rows(page).first().click();
    await page.getByTestId('detail-source').waitFor();
    await search(page).fill('Authorization');
    await expect.poll(async () => (await rows(page).allTextContents()).join('\n')).toContain('Authorization');
    await rows(page).first().click();
    await page.getByTestId('detail-source').waitFor();
    const dom = await page.content();
    for (const canary of CANARIES) expect(dom).not.toContain(canary);

    await search(page).fill('');
    await expect.poll(() => rows(page).count()).toBeGreaterThan(10);
    const exportDone = page.waitForEvent('download');
    await page.getByText('Export', { exact: true }).click();
    await page.getByRole('button', { name: 'Export NDJSON' }).click();
    const exported = await readFile(await (await exportDone).path(), 'utf8');
    expect(exported).toContain('mcp.example.com');
    expect(exported.trim().split('\n').length).toBeGreaterThan(100);
    for (const canary of CANARIES) expect(exported).not.toContain(canary);

    const bundleDone = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Create support bundle' }).click();
    const download = await bundleDone;
    expect(download.suggestedFilename()).toMatch(/^tether-bundle-.*\.tar\.gz$/);
    await page.getByTestId('bundle-name').waitFor();
    expect(await page.getByRole('dialog').textContent()).toContain('logs/claude-code');
    await page.screenshot({ path: 'test-results/log-viewer-bundle.png' });
    const out = await mkdtemp(path.join(tmpdir(), 'tether-bundle-check-'));
    try {
      await extract({ file: await download.path(), cwd: out });
      const files = await readdir(out, { recursive: true, withFileTypes: true });
      const texts = await Promise.all(
        files
          .filter((entry) => entry.isFile())
          .map((entry) => readFile(path.join(entry.parentPath, entry.name), 'utf8')),
      );
      expect(texts.join('\n')).toContain('mcp.example.com');
      for (const canary of CANARIES) expect(texts.join('\n')).not.toContain(canary);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
    await page.close();
  });

  it('keeps working through truncated, rotated and rewritten files, a 1 MB line, binary junk and a vanished folder, and says what it skipped', async () => {
    const page = await open();
    const dir = logs.claudeCodeDir('healthy');
    const file = path.join(dir, (await readdir(dir))[0]!);
    await truncate(file, 0);
    await appendFile(file, claudeCodeLine('Calling MCP tool: after-truncate'));
    await page.getByText('Calling MCP tool: after-truncate').waitFor({ timeout: 5000 });

    const rotated = path.join(
      logs.claudeCodeDir('http-429'),
      (await readdir(logs.claudeCodeDir('http-429')))[0]!,
    );
    await rename(rotated, `${rotated}.1`);
    await writeFile(rotated, claudeCodeLine('Calling MCP tool: after-rotate'));
    await page.getByText('Calling MCP tool: after-rotate').waitFor({ timeout: 5000 });

    await appendFile(logs.liveFile, `${'x'.repeat(1024 * 1024)}\n`);
    await appendFile(logs.liveFile, Buffer.from([0, 1, 2, 255, 254, 10, 0x1b, 0x5b, 0x41, 10]));
    await appendFile(logs.liveFile, claudeCodeLine(`Huge: ${'y'.repeat(1024 * 1024)}`));
    await appendFile(logs.liveFile, claudeCodeLine('Calling MCP tool: after-junk'));
    await page.getByText('Calling MCP tool: after-junk').waitFor({ timeout: 5000 });

    await rm(logs.claudeCodeDir('dns-failure'), { recursive: true, force: true });
    await appendFile(logs.liveFile, claudeCodeLine('Calling MCP tool: after-folder-gone'));
    await page.getByText('Calling MCP tool: after-folder-gone').waitFor({ timeout: 5000 });

    const notices = page.locator('.log-notices');
    await expect
      .poll(() => notices.locator('summary').textContent(), { timeout: 10_000 })
      .toMatch(/unreadable lines/);
    await notices.locator('summary').click();
    const text = async (): Promise<string> => (await notices.textContent()) ?? '';
    await expect.poll(text, { timeout: 10_000 }).toMatch(/truncated/);
    await expect.poll(text).toMatch(/replaced \(rotated or rewritten\)/);
    await expect.poll(text).toMatch(/not readable as log lines/);
    await expect.poll(text, { timeout: 10_000 }).toMatch(/folder disappeared/);
    await page.screenshot({ path: 'test-results/log-viewer-bad-input.png' });
    // Events of the vanished folder stay in the index.
    await page.goto(new URL('/#/logs?server=dns-failure', base).href);
    await expect
      .poll(async () => {
        const texts = await rows(page).allTextContents();
        return texts.length > 0 && texts.every((row) => row.includes('dns-failure'));
      })
      .toBe(true);
    await page.close();
  });

  it('looks right in the dark theme, keyboard first', async () => {
    const page = await open('#/logs', { dark: true });
    await page.locator('[role="grid"]').focus();
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await page.getByTestId('detail-source').waitFor();
    await page.getByRole('button', { name: 'Previous error' }).click();
    await expect
      .poll(() => page.locator('[role="row"][aria-selected="true"]').getAttribute('class'))
      .toContain('level-error');
    await page.screenshot({ path: 'test-results/log-viewer-dark.png' });
    await page.close();
  });
});

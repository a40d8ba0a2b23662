// Log viewer benchmarks (issue 14): a real `tether serve` over 1,000,000 events generated from real
// captured lines (50 servers, 3 clients), driven in real Chromium; then the service's RSS while it
// indexes a 5 GB log folder. Sizes come from env so CI can shrink them:
// TETHER_BENCH_VIEWER_EVENTS (default 1,000,000), TETHER_BENCH_FOLDER_GB (default 5).
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFile, mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import WebSocket from 'ws';
import { launchChromium } from '../helpers/chromium.js';
import { claudeCodeLine } from '../helpers/log-viewer-home.js';
import { TETHER_BIN, waitForOutput } from '../helpers/run-cli.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';
import { writeCorpus } from './log-viewer-corpus.js';

const EVENTS = Number(process.env['TETHER_BENCH_VIEWER_EVENTS'] ?? 1_000_000);
const FOLDER_GB = Number(process.env['TETHER_BENCH_FOLDER_GB'] ?? 5);
const SERVERS = 50;

function report(name: string, value: string, target: string, ok: boolean | undefined): void {
  const verdict = ok === undefined ? 'INFO' : ok ? 'PASS' : 'MISS';
  process.stdout.write(`${verdict}  ${name}: ${value}  [target ${target}]\n`);
}

type Served = {
  child: ChildProcess;
  url: string;
  invoke(channel: string, request?: object): Promise<unknown>;
  stop(): Promise<void>;
};

async function serve(home: TempHome): Promise<Served> {
  const child = spawn(process.execPath, [TETHER_BIN, 'serve', '--no-open'], {
    env: home.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [url] = await waitForOutput(child, /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/, 120_000);
  const { host, searchParams } = new URL(url);
  const socket = new WebSocket(`ws://${host}/api/ws?token=${searchParams.get('token')}`);
  const waiting = new Map<number, (result: unknown) => void>();
  socket.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString()) as { type: string; id?: number; result?: unknown };
    if (frame.type === 'result' && frame.id !== undefined) waiting.get(frame.id)?.(frame.result);
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  let nextId = 1;
  return {
    child,
    url,
    invoke: (channel, request = {}) =>
      new Promise((resolve) => {
        const id = nextId++;
        waiting.set(id, resolve);
        socket.send(JSON.stringify({ type: 'invoke', id, channel, request }));
      }),
    async stop() {
      socket.close();
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** Waits until the service has read its whole window; returns the status then. */
async function indexed(
  served: Served,
  onTick?: () => Promise<void>,
): Promise<{ events: number; seconds: number }> {
  const started = performance.now();
  for (;;) {
    const result = (await served.invoke('logs:status')) as {
      ok: boolean;
      data: { indexing: boolean; events: number };
    };
    await onTick?.();
    if (result.ok && !result.data.indexing)
      return { events: result.data.events, seconds: (performance.now() - started) / 1000 };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** What the timed steps wait for, checked in the page every animation frame (no eval: the CSP forbids it). */
type Check = { rows?: number; every?: string; none?: string; text?: string };

function holds({ rows = 0, every, none, text }: Check): boolean {
  const list = [...document.querySelectorAll('[role="grid"] [role="row"]:not(.log-header)')];
  if (list.length < rows) return false;
  if (every && !list.every((row) => new RegExp(every, 'i').test(row.textContent ?? ''))) return false;
  if (none && list.some((row) => row.classList.contains(none))) return false;
  if (text && !(document.querySelector('[role="grid"]')?.textContent ?? '').includes(text)) return false;
  return true;
}

/** Milliseconds from `started` until `check` holds in the page. */
async function timeUntil(page: Page, started: number, check: Check): Promise<number> {
  await page.waitForFunction(holds, check, { polling: 'raf', timeout: 30_000 });
  return performance.now() - started;
}

async function viewer(): Promise<void> {
  const home = await createTempHome('tether-bench-viewer-');
  let served: Served | undefined;
  const browser = await launchChromium();
  try {
    const perServer = Math.ceil(EVENTS / SERVERS);
    const corpus = await writeCorpus(
      { cache: home.env['XDG_CACHE_HOME']!, config: home.env['XDG_CONFIG_HOME']! },
      { servers: SERVERS, perServer, spanMs: 5 * 86_400_000, endMs: Date.now() - 60_000 },
    );
    served = await serve(home);
    const { events, seconds } = await indexed(served);
    const serviceRss = await rssMiB(served.child.pid!);
    report(
      'index build (service, in the background)',
      `${events.toLocaleString()} events from ${corpus.files.length} files in ${seconds.toFixed(1)} s, service RSS ${serviceRss.toFixed(0)} MiB`,
      'none; shown for scale',
      undefined,
    );

    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(served.url);
    const cdp = await page.context().newCDPSession(page);
    // First rows: the page loaded fresh at #/logs (bundle, boot, WebSocket, first query, render), and
    // the viewer opened from the navigation of a running dashboard (the target's case).
    const base = new URL('/', served.url).href;
    let started = performance.now();
    await page.goto(`${base}#/logs`);
    const freshLoad = await timeUntil(page, started, { rows: 11 });
    await page.goto(`${base}#/`);
    await page.waitForTimeout(1000);
    const logsLink = await page.getByRole('link', { name: 'Logs' }).elementHandle();
    started = performance.now();
    await logsLink.click();
    const firstRows = await timeUntil(page, started, { rows: 11 });
    report(
      'first rows after opening the viewer (nav link Logs)',
      `${firstRows.toFixed(0)} ms (a fresh page load at #/logs, bundle parse included: ${freshLoad.toFixed(0)} ms)`,
      '<= 500 ms',
      firstRows <= 500,
    );

    // Text search: from the last keystroke (the field waits 150 ms for more typing) to the first page.
    await page.waitForTimeout(500);
    const searchBox = page.getByLabel('Search logs');
    await searchBox.fill('session expire');
    const searchHandle = await searchBox.elementHandle();
    started = performance.now();
    await searchHandle.press('d');
    const searched = await timeUntil(page, started, { rows: 6, every: 'session expired' });
    const query = (await served.invoke('logs:query', { filter: { q: 'session expired' }, limit: 600 })) as {
      ok: boolean;
    };
    const queryStarted = performance.now();
    await served.invoke('logs:query', { filter: { q: 'zzz-nothing-matches' }, limit: 600 });
    const rareMs = performance.now() - queryStarted;
    report(
      'text search over all events -> first page on screen',
      `${searched.toFixed(0)} ms from the last keystroke (100 ms of it the typing pause); a search matching nothing answers in ${rareMs.toFixed(0)} ms at the service${query.ok ? '' : ' (query failed)'}`,
      '<= 300 ms',
      searched <= 300,
    );
    await searchBox.fill('');
    await timeUntil(page, 0, { rows: 21, every: '.' });
    await page.waitForTimeout(500);

    // Filter change: hide debug lines.
    const debugToggle = await page
      .getByRole('group', { name: 'Levels' })
      .getByRole('button', { name: 'Debug' })
      .elementHandle();
    started = performance.now();
    await debugToggle.click();
    const filtered = await timeUntil(page, started, { rows: 6, none: 'level-debug' });
    report(
      'filter change (level toggle) -> rows on screen',
      `${filtered.toFixed(0)} ms`,
      '<= 200 ms',
      filtered <= 200,
    );
    await page.getByRole('group', { name: 'Levels' }).getByRole('button', { name: 'Debug' }).click();
    await page.waitForTimeout(800);

    // Scrolling through 10,000 rows upwards (older pages load as it goes): long tasks observed.
    await page.evaluate(() => {
      (window as unknown as { longTasks: number[] }).longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries())
          (window as unknown as { longTasks: number[] }).longTasks.push(entry.duration);
      }).observe({ type: 'longtask' });
    });
    const scrolled = await page.evaluate(async () => {
      const grid = document.querySelector('[role="grid"]')!;
      const started = performance.now();
      let moved = 0;
      while (moved < 10_000) {
        grid.scrollTop -= 24 * 50;
        moved += 50;
        await new Promise((resolve) => requestAnimationFrame(resolve));
      }
      return performance.now() - started;
    });
    await page.waitForTimeout(300);
    const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
    const worst = longTasks.length ? Math.max(...longTasks) : 0;
    report(
      'scrolling through 10,000 rows',
      `${longTasks.length} tasks over 50 ms (longest ${worst.toFixed(0)} ms) in ${(scrolled / 1000).toFixed(1)} s of scrolling, 200 frames`,
      'no task over 50 ms',
      longTasks.length === 0,
    );

    // The heap with the scrolled rows still loaded (the list keeps at most 150,000).
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    const heapMiB = heap.usedSize / 1024 / 1024;
    const loaded = await page.evaluate(() =>
      document.querySelector('[role="grid"]')?.getAttribute('aria-rowcount'),
    );
    report(
      'renderer JS heap after scrolling',
      `${heapMiB.toFixed(0)} MiB with ${Number(loaded) - 1} rows loaded`,
      '<= 150 MB',
      heapMiB <= 150,
    );

    // Live: back to following, then append lines and time each to its row.
    await page.goto(`${base}#/logs`);
    await timeUntil(page, 0, { rows: 11 });
    await page.waitForTimeout(1000);
    const delays: number[] = [];
    for (let i = 0; i < 10; i++) {
      const text = `Calling MCP tool: bench-live-${i}`;
      started = performance.now();
      await appendFile(corpus.claudeCodeFile(i), claudeCodeLine(text));
      delays.push(await timeUntil(page, started, { text }));
      await page.waitForTimeout(150);
    }
    delays.sort((a, b) => a - b);
    report(
      'line appended -> its row on screen',
      `p50 ${delays[5]!.toFixed(0)} ms, max ${delays.at(-1)!.toFixed(0)} ms (10 appends)`,
      '<= 500 ms',
      delays.at(-1)! <= 500,
    );

    const histogramStarted = performance.now();
    await served.invoke('logs:histogram', { filter: {}, buckets: 120 });
    report(
      'histogram over every event (service)',
      `${(performance.now() - histogramStarted).toFixed(0)} ms for 120 buckets × 4 levels`,
      'none; shown for scale',
      undefined,
    );
    await page.screenshot({ path: 'test-results/log-viewer-bench.png' });
  } finally {
    await browser.close();
    await served?.stop();
    await home.cleanup();
  }
}

/** A 5 GB folder of sparse 256 MiB files (a hole, then real lines), as logs.bench.ts makes it. */
async function serviceRss(): Promise<void> {
  const home = await createTempHome('tether-bench-viewer-rss-');
  let served: Served | undefined;
  try {
    const block = (
      await readFile('test/fixtures/logs/claude-code/server-restart/2026-11-21T00-14-38-992Z.jsonl', 'utf8')
    )
      .trim()
      .split('\n');
    const fileBytes = 256 * 1024 * 1024;
    const files = Math.max(1, Math.round((FOLDER_GB * 1024 * 1024 * 1024) / fileBytes));
    for (let i = 0; i < files; i++) {
      const dir = path.join(
        home.env['XDG_CACHE_HOME']!,
        'claude-cli-nodejs',
        '-home-dev-projects-acme',
        `mcp-logs-server-${i % 8}`,
      );
      await mkdir(dir, { recursive: true });
      // Real lines re-timed into the last days, so the whole tail is inside the window.
      const lines: string[] = [];
      const start = Date.now() - 3 * 86_400_000 + i * 3600_000;
      for (let n = 0, bytes = 0; bytes < 8 << 20; n++) {
        const line = `${JSON.stringify({ ...(JSON.parse(block[n % block.length]!) as object), timestamp: new Date(start + n * 50).toISOString() })}\n`;
        lines.push(line);
        bytes += line.length;
      }
      const tail = lines.join('');
      const handle = await open(
        path.join(
          dir,
          `2026-11-${String(10 + (i % 10)).padStart(2, '0')}T00-00-00-${String(i).padStart(3, '0')}Z.jsonl`,
        ),
        'w',
      );
      await handle.truncate(fileBytes - tail.length);
      await handle.write(`\n${tail}`, fileBytes - tail.length - 1);
      await handle.close();
    }
    served = await serve(home);
    let peak = 0;
    const pid = served.child.pid!;
    const { events, seconds } = await indexed(served, async () => {
      peak = Math.max(peak, await rssMiB(pid));
    });
    const after = await rssMiB(pid);
    peak = Math.max(peak, after);
    report(
      `service RSS with a ${FOLDER_GB} GB log folder indexed (${files} files)`,
      `peak ${peak.toFixed(0)} MiB, ${after.toFixed(0)} MiB after (${events.toLocaleString()} events, ${seconds.toFixed(1)} s)`,
      '<= 300 MB',
      peak <= 300,
    );
  } finally {
    await served?.stop();
    await home.cleanup();
  }
}

await mkdir('test-results', { recursive: true });
await viewer();
if (FOLDER_GB > 0) await serviceRss();

// Dashboard benchmarks (issue 13), in real Chromium against a real `tether serve`: 300 servers whose
// logs hold 200,000 events (real captured lines, re-timed), a real `tether proxy` whose upstream goes
// down and up (state change → hub → WebSocket → DOM), 50 control-socket clients (the proxy's own
// ControlClient) flipping states at 100 changes/s, the renderer's JS heap, and the built bundle.
// Sizes come from env so CI can shrink them: TETHER_BENCH_DASH_EVENTS (200,000), TETHER_BENCH_DASH_CYCLES (12).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { controlSocketPath } from '../../electron/core/control-socket-path.js';
import { ControlClient } from '../../electron/proxy/control-client.js';
import type { ProxyEvent, ProxyState } from '../../shared/control-protocol.js';
import { launchChromium } from '../helpers/chromium.js';
import { startFaultProxy } from '../helpers/fault-proxy.js';
import { spawnProxy } from '../helpers/mcp-stdio-client.js';
import { startReferenceServer } from '../helpers/reference-server.js';
import { TETHER_BIN, waitForOutput } from '../helpers/run-cli.js';
import { createTempHome } from '../helpers/temp-home.js';
import { writeCorpus } from './log-viewer-corpus.js';

const EVENTS = Number(process.env['TETHER_BENCH_DASH_EVENTS'] ?? 200_000);
const CYCLES = Number(process.env['TETHER_BENCH_DASH_CYCLES'] ?? 12);
const SERVERS = 300;
const LOAD_CLIENTS = 50;
const LOAD_SECONDS = 30;

function report(name: string, value: string, target: string, ok: boolean | undefined): void {
  const verdict = ok === undefined ? 'INFO' : ok ? 'PASS' : 'MISS';
  process.stdout.write(`${verdict}  ${name}: ${value}  [target ${target}]\n`);
}

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

/** Gzipped size of the JS the built index.html loads first (entry and preloads). */
async function initialJsGzip(): Promise<number> {
  const dist = path.resolve('dist/renderer');
  const html = await readFile(path.join(dist, 'index.html'), 'utf8');
  const sources = [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+\.js)"/g)].map((match) => match[1]!);
  let total = 0;
  for (const source of sources) total += gzipSync(await readFile(path.join(dist, source))).length;
  return total;
}

async function heapMiB(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  return (metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value ?? 0) / 2 ** 20;
}

/** Watches the rows in the page: each status text change with the page's clock and the row's `since`. */
async function watchRows(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen = new Map<string, string>();
    const changes: { name: string; status: string; at: number; since: number }[] = [];
    (window as unknown as { rowChanges: typeof changes }).rowChanges = changes;
    const scan = (): void => {
      const at = Date.now();
      for (const row of document.querySelectorAll<HTMLElement>('[role="row"]')) {
        const name = row.querySelector('a.server-link')?.textContent ?? '';
        const status = row.querySelector('.status-word')?.textContent ?? '';
        const since = Date.parse(row.dataset['since'] ?? '');
        const key = `${status}|${since}`;
        if (seen.get(name) !== key) {
          if (seen.has(name)) changes.push({ name, status, at, since });
          seen.set(name, key);
        }
      }
    };
    new MutationObserver(scan).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    });
    scan();
  });
}

type RowChange = { name: string; status: string; at: number; since: number };
const rowChanges = (page: Page): Promise<RowChange[]> =>
  page.evaluate(() => (window as unknown as { rowChanges: RowChange[] }).rowChanges.splice(0));

async function filterTo(page: Page, text: string): Promise<void> {
  await page.getByRole('searchbox', { name: 'Filter servers' }).fill(text);
}

async function main(): Promise<void> {
  const home = await createTempHome('tether-bench-dash-');
  const browser = await launchChromium();
  let serve: ChildProcess | undefined;
  const cleanups: (() => Promise<unknown> | void)[] = [];
  try {
    const gz = await initialJsGzip();
    report('initial JS (built bundle, gzip)', `${(gz / 1024).toFixed(1)} KB`, '≤ 250 KB', gz <= 250 * 1024);

    const corpus = await writeCorpus(
      { cache: home.env['XDG_CACHE_HOME']!, config: home.env['XDG_CONFIG_HOME']! },
      {
        servers: SERVERS,
        perServer: Math.ceil(EVENTS / SERVERS),
        spanMs: 86_400_000,
        endMs: Date.now() - 60_000,
      },
    );
    serve = spawn(process.execPath, [TETHER_BIN, 'serve', '--no-open'], {
      env: home.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const [url] = (await waitForOutput(
      serve,
      /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/,
      120_000,
    )) as unknown as [string];
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(url);
    // The service reads the logs in the background: wait until every server is in the model.
    const started = Date.now();
    await page.waitForFunction(
      (servers) =>
        /(\d+) servers/.exec(document.querySelector('.summary-total')?.textContent ?? '')?.[1] !==
          undefined &&
        Number(/(\d+) servers/.exec(document.querySelector('.summary-total')?.textContent ?? '')?.[1]) >=
          servers,
      SERVERS,
      { timeout: 600_000, polling: 500 },
    );
    report(
      'service ready with every server',
      `${corpus.events.toLocaleString()} events, ${corpus.files.length} files, ${((Date.now() - started) / 1000).toFixed(1)} s`,
      'none; for scale',
      undefined,
    );

    // Usable: the summary and the first screen of rows, from a fresh navigation.
    const usable: number[] = [];
    for (let run = 0; run < 3; run++) {
      // A real page load each time (bundle, boot, WebSocket, snapshot, first render), not a hash change.
      await page.goto('about:blank');
      const t0 = Date.now();
      await page.goto(new URL('/#/', url).href);
      await page.waitForFunction(
        () =>
          document.querySelector('.summary-total') !== null &&
          document.querySelectorAll('[role="row"]').length >= 10,
        undefined,
        { polling: 'raf', timeout: 30_000 },
      );
      usable.push(Date.now() - t0);
    }
    // For the split: how long the service takes to answer the snapshot the page asks for first.
    const snapshotMs = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const socket = new WebSocket(`ws://${location.host}/api/ws`);
          let started = 0;
          socket.onopen = () => {
            started = performance.now();
            socket.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'status:snapshot', request: {} }));
          };
          socket.onmessage = (message) => {
            if (!String(message.data).includes('"result"')) return;
            resolve(performance.now() - started);
            socket.close();
          };
        }),
    );
    report(
      'of which the service answers status:snapshot in',
      `${snapshotMs.toFixed(0)} ms`,
      'none; for the split',
      undefined,
    );
    report(
      'home view usable after navigation (300 servers)',
      `${usable.map((ms) => `${ms} ms`).join(', ')}`,
      '≤ 1000 ms',
      Math.max(...usable) <= 1000,
    );
    report(
      'renderer JS heap (300 servers)',
      `${(await heapMiB(page)).toFixed(1)} MiB`,
      '≤ 100 MB',
      (await heapMiB(page)) <= 100,
    );

    // A real proxy whose upstream goes down and up: state event → hub → WebSocket → DOM.
    const upstream = await startReferenceServer('streamableHttp');
    cleanups.push(() => upstream.stop());
    const front = await startFaultProxy({ port: upstream.port });
    cleanups.push(() => front.close());
    const proxy = spawnProxy(['--name', 'bench-live', front.url('/mcp')], { env: home.env });
    cleanups.push(() => proxy.kill());
    await proxy.initialize();
    await filterTo(page, 'bench-live');
    await page.waitForFunction(
      () => /connected/.test(document.querySelector('[role="row"]')?.textContent ?? ''),
      undefined,
      { timeout: 30_000 },
    );
    await watchRows(page);
    const lags: number[] = [];
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      await front.down();
      await page.waitForFunction(
        () => !/^\s*connected/.test(document.querySelector('[role="row"]')?.textContent ?? ''),
        undefined,
        { timeout: 60_000 },
      );
      await front.up();
      await page.waitForFunction(
        () => /^\s*connected/.test(document.querySelector('[role="row"]')?.textContent ?? ''),
        undefined,
        { timeout: 60_000 },
      );
      for (const change of await rowChanges(page))
        if (Number.isFinite(change.since)) lags.push(change.at - change.since);
    }
    report(
      'proxy state change on screen (proxy → hub → WebSocket → DOM)',
      `p50 ${percentile(lags, 50)} ms, p95 ${percentile(lags, 95)} ms, max ${Math.max(...lags)} ms over ${lags.length} changes`,
      'p95 ≤ 300 ms',
      percentile(lags, 95) <= 300,
    );

    // 100 changes a second from 50 control-socket clients (the proxy's own ControlClient).
    const socketPath = controlSocketPath(home.dataDir);
    const clients = Array.from({ length: LOAD_CLIENTS }, (_, index) => {
      const name = `bench-load-${String(index).padStart(2, '0')}`;
      const hello: ProxyEvent = {
        type: 'hello',
        server: { name, key: name, client: 'bench' },
        pid: process.pid,
        upstream: 'http://127.0.0.1:9/mcp',
        transport: 'streamable-http',
        version: '0.0.0-bench',
        startedAt: new Date().toISOString(),
      };
      const client = new ControlClient({
        socketPath,
        greeting: () => [hello],
        onCommand: async () => ({ ok: true }),
      });
      client.start();
      return client;
    });
    cleanups.push(() => clients.forEach((client) => client.close()));
    await filterTo(page, 'bench-load');
    await page.waitForFunction(() => document.querySelectorAll('[role="row"]').length >= 10, undefined, {
      timeout: 30_000,
    });
    await rowChanges(page);
    const states: ProxyState[] = ['connected', 'degraded'];
    let flips = 0;
    const loadStart = Date.now();
    const windows: number[][] = [];
    // 100 changes a second over 50 servers (2 a second each), paced by the clock so a late timer
    // catches up instead of lowering the rate.
    const ticker = setInterval(() => {
      const due = Math.floor(((Date.now() - loadStart) / 1000) * 100);
      for (; flips < due; flips++) {
        const client = clients[flips % LOAD_CLIENTS]!;
        const state = states[Math.floor(flips / LOAD_CLIENTS) % 2]!;
        client.send({ type: 'state', state, reason: 'bench', message: `bench flip ${flips}` });
      }
    }, 20);
    for (let second = 0; second < LOAD_SECONDS; second += 5) {
      await new Promise((resolve) => setTimeout(resolve, 5000));
      windows.push(
        (await rowChanges(page))
          .filter((change) => Number.isFinite(change.since))
          .map((change) => change.at - change.since),
      );
    }
    clearInterval(ticker);
    const rate = flips / ((Date.now() - loadStart) / 1000);
    const firstP50 = percentile(windows[0] ?? [], 50);
    const lastP50 = percentile(windows.at(-1) ?? [], 50);
    report(
      `${LOAD_SECONDS} s of ${rate.toFixed(0)} changes/s over ${LOAD_CLIENTS} servers`,
      `on-screen lag p50 per 5 s window: ${windows.map((window) => `${percentile(window, 50)}`).join(' → ')} ms (visible rows: ${windows.map((window) => window.length).join('/')} changes)`,
      'no growing backlog (last window p50 ≤ first + 200 ms)',
      rate >= 95 && lastP50 <= firstP50 + 200,
    );
    const heap = await heapMiB(page);
    report('renderer JS heap after the load', `${heap.toFixed(1)} MiB`, '≤ 100 MB', heap <= 100);
    process.stdout.write(`load: ${(await readFile('/proc/loadavg', 'utf8')).trim()}\n`);
  } finally {
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
    await browser.close();
    if (serve) {
      const exited = new Promise((resolve) => serve!.once('exit', resolve));
      serve.kill('SIGTERM');
      await exited;
    }
    await home.cleanup();
  }
}

await main();

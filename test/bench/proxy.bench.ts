// `npm run bench:proxy` (or `npm run bench -- proxy`): the reference server reached directly, through
// mcp-remote and through `tether proxy`, side by side in one run, each driven by the official SDK
// `Client` with the same measuring loop (docs/benchmarks.md says why).
// Counts via env: BENCH_CALLS (sequential calls for p50/p99 and the concurrent run, default 2000),
// BENCH_RSS_CALLS (calls before the RSS reading, default 10000; e.g. 100000 for the flatness run),
// BENCH_CONCURRENCY (16), BENCH_ROWS (comma list to run a subset: direct,mcp-remote,tether).
import { setMaxListeners } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { proxyLaunchCommand } from '../../electron/core/config/proxy-command.js';
import { TETHER_BIN } from '../helpers/mcp-stdio-client.js';
import { startReferenceServer } from '../helpers/reference-server.js';
import { createTempHome } from '../helpers/temp-home.js';

const CALLS = Number(process.env['BENCH_CALLS'] ?? 2000);
const RSS_CALLS = Number(process.env['BENCH_RSS_CALLS'] ?? 10_000);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 16);
const ROWS = (process.env['BENCH_ROWS'] ?? 'direct,mcp-remote,tether').split(',');
const WARM_UP_CALLS = 200;
const RSS_SAMPLES = 10;
const require = createRequire(import.meta.url);
// The SDK's HTTP transport passes one AbortSignal to every fetch and undici's per-request abort
// listeners on it are released lazily: past 1500 Node prints a warning per call (not a bench error).
setMaxListeners(100_000);

type Figures = {
  p50: number;
  p99: number;
  throughput: number;
  /** Spawn (or, for direct, connect start) to the `initialize` answer. */
  initMs: number;
  /** Proxy process RSS after RSS_CALLS calls, and samples along the way. */
  rss?: Rss;
  rssSamples?: Array<{ calls: number } & Rss>;
};

/** An SDK client connected over `transport`, with the time `connect` (initialize) took. */
async function connect(transport: Transport): Promise<{ client: Client; initMs: number }> {
  const client = new Client({ name: 'tether-bench', version: '1.0.0' });
  const started = performance.now();
  await client.connect(transport);
  return { client, initMs: performance.now() - started };
}

async function echo(client: Client, i: number): Promise<void> {
  const result = await client.callTool({ name: 'echo', arguments: { message: `m${i}` } }, undefined, {
    timeout: 30_000,
  });
  const content = result.content as Array<{ text?: string }> | undefined;
  if (content?.[0]?.text !== `Echo: m${i}`)
    throw new Error(`bad answer: ${JSON.stringify(result).slice(0, 200)}`);
}

type Rss = { mb: number; anonMb: number };

/** VmRSS, and RssAnon: the process's private memory, without the ~35 MB of the mapped node binary. */
function rssOf(pid: number | null): Rss {
  const field = (status: string, name: string): number =>
    Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN) / 1024;
  try {
    const status = readFileSync(`/proc/${pid ?? 'none'}/status`, 'utf8');
    return { mb: field(status, 'VmRSS'), anonMb: field(status, 'RssAnon') };
  } catch {
    return { mb: NaN, anonMb: NaN };
  }
}

/** The same loop for every row: warm-up, sequential latency, concurrent throughput, then RSS. */
async function measure(client: Client, initMs: number, pid?: () => number | null): Promise<Figures> {
  for (let i = 0; i < WARM_UP_CALLS; i++) await echo(client, i);
  const latencies: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const start = performance.now();
    await echo(client, i);
    latencies.push(performance.now() - start);
  }
  latencies.sort((a, b) => a - b);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < CALLS) await echo(client, next++);
    }),
  );
  const throughput = CALLS / ((performance.now() - started) / 1000);
  const figures: Figures = { p50: pct(latencies, 0.5), p99: pct(latencies, 0.99), throughput, initMs };
  if (pid) {
    const samples: Array<{ calls: number } & Rss> = [];
    const every = Math.max(1, Math.floor(RSS_CALLS / RSS_SAMPLES));
    let inFlight = 0;
    // 16 in flight, so the long RSS runs finish in minutes; the proxy sees the same messages.
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (inFlight < RSS_CALLS) {
          const i = inFlight++;
          await echo(client, i);
          if ((i + 1) % every === 0) samples.push({ calls: i + 1, ...rssOf(pid()) });
        }
      }),
    );
    figures.rss = rssOf(pid());
    figures.rssSamples = samples.sort((a, b) => a.calls - b.calls);
  }
  return figures;
}

const pct = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? NaN;

function stdioTransport(argv: string[], env: Record<string, string>): StdioClientTransport {
  const [command = process.execPath, ...args] = argv;
  return new StdioClientTransport({ command, args, env, stderr: 'ignore' });
}

/** Spawn → `initialize` answered varies by tens of ms with the machine's load: the median of a few spawns. */
const INIT_SPAWNS = 5;

async function measureStdio(argv: string[], env: Record<string, string>): Promise<Figures> {
  const initTimes: number[] = [];
  for (let spawn = 1; spawn < INIT_SPAWNS; spawn++) {
    const { client, initMs } = await connect(stdioTransport(argv, env));
    initTimes.push(initMs);
    await client.close();
  }
  const transport = stdioTransport(argv, env);
  const { client, initMs } = await connect(transport);
  initTimes.push(initMs);
  try {
    return await measure(
      client,
      pct(
        initTimes.sort((a, b) => a - b),
        0.5,
      ),
      () => transport.pid,
    );
  } finally {
    await client.close();
  }
}

/**
 * The floor of spawn→initialize on this machine: a bare ES module (`tether` is one) that answers `initialize` with a
 * canned result, timed by the same SDK client. Tether's figure minus this is what Tether itself costs.
 */
const BARE_NODE_SERVER = `
let buffer = '';
process.stdin.on('data', (chunk) => {
  buffer += chunk;
  for (let nl; (nl = buffer.indexOf('\\n')) !== -1; buffer = buffer.slice(nl + 1)) {
    const message = JSON.parse(buffer.slice(0, nl));
    if (message.method !== 'initialize') continue;
    const result = { protocolVersion: message.params.protocolVersion, capabilities: {}, serverInfo: { name: 'bare', version: '1' } };
    process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id: message.id, result }) + '\\n');
  }
});`;

async function bareNode(env: Record<string, string>): Promise<{ initMs: number; rss: Rss }> {
  const times: number[] = [];
  let rss: Rss = { mb: NaN, anonMb: NaN };
  for (let i = 0; i < 3; i++) {
    const transport = stdioTransport([process.execPath, '--input-type=module', '-e', BARE_NODE_SERVER], env);
    const { client, initMs } = await connect(transport);
    times.push(initMs);
    rss = rssOf(transport.pid);
    await client.close();
  }
  return { initMs: times.sort((a, b) => a - b)[1] ?? NaN, rss };
}

async function main(): Promise<void> {
  const server = await startReferenceServer();
  const home = await createTempHome('tether-bench-');
  const { env } = home;
  const rows: Record<string, Figures | string> = {};
  const loadBefore = loadavg();
  let floor: { initMs: number; rss: Rss } | undefined;
  try {
    if (ROWS.includes('direct')) {
      const { client, initMs } = await connect(new StreamableHTTPClientTransport(new URL(server.url)));
      rows['direct (SDK)'] = await measure(client, initMs);
      await client.close();
    }
    if (ROWS.includes('mcp-remote')) {
      const entry = path.join(path.dirname(require.resolve('mcp-remote/package.json')), 'dist', 'proxy.js');
      rows['mcp-remote'] = await measureStdio(
        [process.execPath, entry, server.url, '--transport', 'http-only'],
        env,
      );
    }
    if (ROWS.includes('tether')) {
      if (existsSync(path.join(path.dirname(TETHER_BIN), '..', 'dist', 'cli', 'tether.mjs'))) {
        // Spawned exactly as a wrapped client entry starts it (with the V8 flags `tether wrap` writes).
        const launch = proxyLaunchCommand({
          kind: 'node',
          nodePath: process.execPath,
          tetherBin: TETHER_BIN,
        });
        const argv = [launch.command, ...launch.args, '--name', 'bench', server.url];
        // A first run fills the cache (initialize result + lists); the measured spawn starts warm.
        const first = await connect(stdioTransport(argv, env));
        await first.client.listTools();
        await first.client.close();
        rows['tether proxy'] = await measureStdio(argv, env);
        floor = await bareNode(env);
      } else {
        rows['tether proxy'] = 'not built (run npm run build)';
      }
    }
  } finally {
    await server.stop();
    await home.cleanup();
  }
  print(rows, loadBefore, floor);
}

function print(
  rows: Record<string, Figures | string>,
  loadBefore: number[],
  floor?: { initMs: number; rss: Rss },
): void {
  const direct = rows['direct (SDK)'];
  const base = typeof direct === 'object' ? direct : undefined;
  const ratio = (value: number, of?: number): string => (of ? (value / of).toFixed(2) : '-');
  const load = (values: number[]): string => values.map((value) => value.toFixed(2)).join(' ');
  console.log(
    `node ${process.version}, calls=${CALLS} concurrency=${CONCURRENCY} rssCalls=${RSS_CALLS}, ` +
      `load average before ${load(loadBefore)}, after ${load(loadavg())}`,
  );
  console.log('path            p50 ms  p99 ms  calls/s  p50×  thr×  init ms  RSS MB  (anon)');
  for (const [name, figures] of Object.entries(rows)) {
    if (typeof figures === 'string') {
      console.log(`${name.padEnd(15)} ${figures}`);
      continue;
    }
    const cells = [
      figures.p50.toFixed(3).padStart(6),
      figures.p99.toFixed(3).padStart(7),
      figures.throughput.toFixed(0).padStart(8),
      ratio(figures.p50, base?.p50).padStart(5),
      ratio(figures.throughput, base?.throughput).padStart(5),
      figures.initMs.toFixed(0).padStart(8),
      (figures.rss?.mb.toFixed(1) ?? '-').padStart(7),
      figures.rss ? `(${figures.rss.anonMb.toFixed(1)})`.padStart(7) : '',
    ];
    console.log(`${name.padEnd(15)} ${cells.join(' ')}`);
  }
  for (const [name, figures] of Object.entries(rows)) {
    if (typeof figures === 'object' && figures.rssSamples?.length)
      console.log(
        `${name} RSS MB (anon) by calls: ${figures.rssSamples.map((s) => `${s.calls}:${s.mb.toFixed(1)}(${s.anonMb.toFixed(1)})`).join(' ')}`,
      );
  }
  const tether = rows['tether proxy'];
  if (typeof tether !== 'object') {
    console.log('targets: not measured (tether proxy not run)');
    return;
  }
  const verdict = (ok: boolean): string => (ok ? 'PASS' : 'MISS');
  if (base) {
    console.log(
      `target p50 ≤ 1.05× direct: ${verdict(tether.p50 <= 1.05 * base.p50)} (${ratio(tether.p50, base.p50)}×)`,
    );
    console.log(
      `target throughput ≥ 0.95× direct: ${verdict(tether.throughput >= 0.95 * base.throughput)} (${ratio(tether.throughput, base.throughput)}×)`,
    );
  }
  console.log(
    `target initialize ≤ 150 ms after spawn (warm cache): ${verdict(tether.initMs <= 150)} (${tether.initMs.toFixed(0)} ms, median of ${INIT_SPAWNS} spawns; ` +
      `a bare node answering initialize: ${floor?.initMs.toFixed(0) ?? '?'} ms, median of 3)`,
  );
  const samples = tether.rssSamples ?? [];
  const growth = (tether.rss?.mb ?? NaN) - (samples[0]?.mb ?? NaN);
  console.log(
    `target RSS ≤ 50 MB after ${RSS_CALLS} calls: ${verdict((tether.rss?.mb ?? Infinity) <= 50)} (${tether.rss?.mb.toFixed(1)} MB, of which ${tether.rss?.anonMb.toFixed(1)} MB private; ` +
      `a bare node after initialize: ${floor?.rss.mb.toFixed(1) ?? '?'} MB, ${floor?.rss.anonMb.toFixed(1) ?? '?'} MB private)`,
  );
  // Flat: no more than 5 MB between the first sample (10% of the calls) and the end.
  console.log(
    `target RSS flat: ${verdict(growth <= 5)} (${growth >= 0 ? '+' : ''}${growth.toFixed(1)} MB from ` +
      `${samples[0]?.calls ?? '?'} to ${RSS_CALLS} calls; use BENCH_RSS_CALLS=100000 for the full check)`,
  );
}

await main();

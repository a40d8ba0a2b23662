// `npm run bench -- proxy`: the reference server reached directly, through mcp-remote and through
// `tether proxy`, side by side in one run. Counts via env: BENCH_CALLS (latency, default 2000),
// BENCH_RSS_CALLS (default 10000), BENCH_CONCURRENCY (16).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { spawnProxy, spawnStdioServer, type StdioClient } from '../helpers/mcp-stdio-client.js';
import { startReferenceServer } from '../helpers/reference-server.js';
import { createTempHome } from '../helpers/temp-home.js';

const CALLS = Number(process.env['BENCH_CALLS'] ?? 2000);
const RSS_CALLS = Number(process.env['BENCH_RSS_CALLS'] ?? 10_000);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 16);
const require = createRequire(import.meta.url);

type Caller = { call(i: number): Promise<void>; close(): Promise<void>; rssMb?: () => number };
type Figures = {
  p50: number;
  p99: number;
  throughput: number;
  initMs?: number;
  rssMb?: number;
  rssAfterMoreMb?: number;
};

async function directCaller(url: string): Promise<Caller> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
  };
  const post = async (body: unknown): Promise<Response> => {
    const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
    return response;
  };
  const init = await post({
    jsonrpc: '2.0',
    id: 0,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } },
  });
  headers['mcp-session-id'] = init.headers.get('mcp-session-id') ?? '';
  await init.text();
  headers['mcp-protocol-version'] = '2025-06-18';
  await (await post({ jsonrpc: '2.0', method: 'notifications/initialized' })).text();
  return {
    call: async (i) => {
      const text = await (
        await post({
          jsonrpc: '2.0',
          id: i + 1,
          method: 'tools/call',
          params: { name: 'echo', arguments: { message: `m${i}` } },
        })
      ).text();
      if (!text.includes(`Echo: m${i}`)) throw new Error(`bad answer: ${text.slice(0, 200)}`);
    },
    close: async () => undefined,
  };
}

function stdioCaller(client: StdioClient): Caller {
  return {
    call: async (i) => {
      const answer = await client.callTool('echo', { message: `m${i}` }, { timeoutMs: 30_000 });
      if (JSON.stringify(answer).indexOf(`Echo: m${i}`) === -1)
        throw new Error(`bad answer: ${JSON.stringify(answer).slice(0, 200)}`);
    },
    close: () => client.kill(),
    rssMb: () => rssOf(client.pid),
  };
}

function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return NaN;
  }
}

async function measure(caller: Caller): Promise<Figures> {
  for (let i = 0; i < 200; i++) await caller.call(i); // warm-up
  const latencies: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const start = performance.now();
    await caller.call(i);
    latencies.push(performance.now() - start);
  }
  latencies.sort((a, b) => a - b);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < CALLS) await caller.call(next++);
    }),
  );
  const throughput = CALLS / ((performance.now() - started) / 1000);
  const figures: Figures = { p50: pct(latencies, 0.5), p99: pct(latencies, 0.99), throughput };
  if (caller.rssMb) {
    for (let i = 0; i < RSS_CALLS; i++) await caller.call(i);
    figures.rssMb = caller.rssMb();
  }
  return figures;
}

const pct = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? NaN;

async function timeToInitialize(spawnIt: () => StdioClient): Promise<{ ms: number; client: StdioClient }> {
  const started = performance.now();
  const client = spawnIt();
  await client.initialize(30_000);
  return { ms: performance.now() - started, client };
}

async function main(): Promise<void> {
  const server = await startReferenceServer();
  const home = await createTempHome('tether-bench-');
  const env = home.env;
  const rows: Record<string, Figures | string> = {};
  try {
    const direct = await directCaller(server.url);
    rows['direct'] = await measure(direct);

    const mcpRemoteEntry = path.join(
      path.dirname(require.resolve('mcp-remote/package.json')),
      'dist',
      'proxy.js',
    );
    const remote = await timeToInitialize(() =>
      spawnStdioServer([process.execPath, mcpRemoteEntry, server.url, '--transport', 'http-only'], { env }),
    );
    rows['mcp-remote'] = { ...(await measure(stdioCaller(remote.client))), initMs: remote.ms };
    await remote.client.kill();

    if (existsSync(path.resolve('dist/cli/tether.mjs'))) {
      // Warm the cache with a first run, then time a second spawn.
      const first = await timeToInitialize(() => spawnProxy(['--name', 'bench', server.url], { env }));
      await first.client.request('tools/list', {});
      await first.client.kill();
      const tether = await timeToInitialize(() => spawnProxy(['--name', 'bench', server.url], { env }));
      const figures = await measure(stdioCaller(tether.client));
      rows['tether proxy'] = { ...figures, initMs: tether.ms };
      await tether.client.kill();
    } else {
      rows['tether proxy'] = 'not built (run npm run build)';
    }
  } finally {
    await server.stop();
    await home.cleanup();
  }
  print(rows);
}

function print(rows: Record<string, Figures | string>): void {
  const direct = rows['direct'] as Figures;
  console.log(`calls=${CALLS} concurrency=${CONCURRENCY} rssCalls=${RSS_CALLS}`);
  console.log('path            p50 ms  p99 ms  calls/s  p50×    thr×    init ms  RSS MB');
  for (const [name, figures] of Object.entries(rows)) {
    if (typeof figures === 'string') {
      console.log(`${name.padEnd(15)} ${figures}`);
      continue;
    }
    const cells = [
      figures.p50.toFixed(3).padStart(6),
      figures.p99.toFixed(3).padStart(7),
      figures.throughput.toFixed(0).padStart(8),
      (figures.p50 / direct.p50).toFixed(2).padStart(5),
      (figures.throughput / direct.throughput).toFixed(2).padStart(7),
      (figures.initMs?.toFixed(0) ?? '-').padStart(8),
      (figures.rssMb?.toFixed(1) ?? '-').padStart(7),
    ];
    console.log(`${name.padEnd(15)} ${cells.join(' ')}`);
  }
  const tether = rows['tether proxy'];
  if (typeof tether === 'object') {
    const verdict = (ok: boolean): string => (ok ? 'PASS' : 'MISS');
    console.log(`target p50 ≤ 1.05× direct: ${verdict(tether.p50 <= 1.05 * direct.p50)}`);
    console.log(
      `target throughput ≥ 0.95× direct: ${verdict(tether.throughput >= 0.95 * direct.throughput)}`,
    );
    console.log(`target initialize ≤ 150 ms (warm cache): ${verdict((tether.initMs ?? Infinity) <= 150)}`);
    console.log(`target RSS ≤ 50 MB: ${verdict((tether.rssMb ?? Infinity) <= 50)}`);
  } else {
    console.log('targets: MISS (tether proxy not available)');
  }
}

await main();

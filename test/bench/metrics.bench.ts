// `npm run bench -- metrics`: issue 17's targets.
// 1. `/metrics` with 500 servers over HTTP (through the access guard), p50/p99 of 200 scrapes.
// 2. `tether proxy` with OTLP export off and on (a local OTLP/HTTP receiver, 1 s export interval):
//    spawn → `initialize` (median of 5 spawns), tools/call p50 (2000 sequential calls), RSS after
//    BENCH_RSS_CALLS calls (default 10000). BENCH_BASELINE_BIN=/path/to/other/bin/tether.mjs adds the
//    same rows for another build (e.g. the commit before this work) to compare "off" with "today".
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { proxyLaunchCommand } from '../../electron/core/config/proxy-command.js';
import { silentLogger } from '../../electron/core/logger.js';
import { MetricsCollector } from '../../electron/core/metrics/metrics-collector.js';
import { createPrometheusExposition } from '../../electron/core/metrics/prometheus-exposition.js';
import type { TetherService } from '../../electron/core/service.js';
import { startWebServer } from '../../electron/server/web-server.js';
import { summarizeStatuses, type ServerStatusEntry } from '../../shared/server-status.js';
import { serverStatusSchema } from '../../shared/timeline-model.js';
import { TETHER_BIN } from '../helpers/mcp-stdio-client.js';
import { startOtlpReceiver } from '../helpers/otlp-receiver.js';
import { startReferenceServer } from '../helpers/reference-server.js';
import { createTempHome } from '../helpers/temp-home.js';

const SERVERS = 500;
const SCRAPES = 200;
const CALLS = Number(process.env['BENCH_CALLS'] ?? 2000);
const RSS_CALLS = Number(process.env['BENCH_RSS_CALLS'] ?? 10_000);
const INIT_SPAWNS = 5;

const pct = (values: number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? NaN;
};
const verdict = (ok: boolean): string => (ok ? 'PASS' : 'MISS');

/** 500 servers as the status model gives them, each with calls, cuts and a running proxy. */
function busyCollector(): MetricsCollector {
  const statuses = serverStatusSchema.options;
  const servers: ServerStatusEntry[] = Array.from({ length: SERVERS }, (_, i) => ({
    key: `k${i}`,
    client: (['claude-code', 'cursor', 'claude-desktop', 'tether'] as const)[i % 4]!,
    scope: i % 4 === 3 ? 'proxy' : 'user',
    project: null,
    name: `server-${i}`,
    configured: true,
    configPath: null,
    disabled: false,
    effective: true,
    status: statuses[i % statuses.length]!,
    reason: '',
    since: null,
    source: 'live-proxy',
    live: true,
    sourceNote: '',
    wrapped: i % 2 === 0,
    proxyKey: i % 2 === 0 ? `server-${i}` : null,
    liveProxies: i % 2 === 0 ? 1 : 0,
    transport: 'http',
    upstream: null,
    toolCount: 5,
    lastProblem: null,
    lastSeen: null,
    actions: [],
  }));
  const snapshot = { generatedAt: '', servers, problems: [], summary: summarizeStatuses(servers) };
  const collector = new MetricsCollector(
    { status: () => snapshot },
    { version: '0.0.0', role: 'service', startedAtMs: Date.now() },
  );
  return collector;
}

function feed(collector: MetricsCollector): void {
  for (let i = 0; i < SERVERS; i += 2) {
    const key = `server-${i}`;
    collector.activity.proxyEvent(key, 1000 + i, {
      type: 'state',
      state: 'connected',
      reason: 'connected',
      message: '',
    });
    for (let call = 0; call < 20; call++)
      collector.activity.proxyEvent(key, 1000 + i, {
        type: 'activity',
        method: 'tools/call',
        tool: 'echo',
        durationMs: 2 + call * 37,
        outcome: call % 7 === 0 ? 'error' : 'ok',
      });
    collector.activity.proxyEvent(key, 1000 + i, {
      type: 'state',
      state: 'reconnecting',
      reason: 'stream_cut',
      message: '',
    });
    collector.activity.proxyEvent(key, 1000 + i, {
      type: 'state',
      state: 'connected',
      reason: 'idle_cut',
      message: '',
      details: { idleCutS: 60 },
    });
    collector.activity.proxyEvent(key, 1000 + i, {
      type: 'metrics',
      uptimeS: 100,
      requests: 20,
      errors: 0,
      inFlight: 0,
      reinits: 1,
      reconnects: 2,
      streamCuts: 3,
      replays: 0,
      rateLimited: 0,
      rssBytes: 48e6,
    });
  }
}

/**
 * `busy`: a tool call lands between every two scrapes (a fleet at work: the tool-call families are
 * formatted again each time); otherwise nothing changes between scrapes.
 */
async function benchScrape(busy: boolean): Promise<{
  p50: number;
  p99: number;
  cpuMs: number;
  bytes: number;
  series: number;
}> {
  const collector = busyCollector();
  const exposition = createPrometheusExposition(collector);
  feed(collector);
  const service = { metrics: exposition } as unknown as TetherService; // only /metrics is asked for
  const web = await startWebServer({ service, rendererDir: '/nonexistent', logger: silentLogger });
  const url = `http://127.0.0.1:${web.port}/metrics`;
  const headers = { authorization: `Bearer ${web.token}` };
  let body = '';
  const times: number[] = [];
  let cpuMs = NaN;
  try {
    for (let i = 0; i < 20; i++) await (await fetch(url, { headers })).text();
    const cpuBefore = process.cpuUsage();
    for (let i = 0; i < SCRAPES; i++) {
      if (busy)
        collector.activity.proxyEvent(`server-${(i * 2) % SERVERS}`, 1000 + ((i * 2) % SERVERS), {
          type: 'activity',
          method: 'tools/call',
          tool: 'echo',
          durationMs: 40,
          outcome: 'ok',
        });
      const started = performance.now();
      const response = await fetch(url, { headers });
      body = await response.text();
      times.push(performance.now() - started);
      if (!response.ok) throw new Error(`scrape failed: ${response.status}`);
    }
    const cpu = process.cpuUsage(cpuBefore);
    cpuMs = (cpu.user + cpu.system) / 1000 / SCRAPES;
  } finally {
    await web.close();
    exposition.close();
  }
  const series = body.split('\n').filter((line) => line !== '' && !line.startsWith('#')).length;
  return { p50: pct(times, 0.5), p99: pct(times, 0.99), cpuMs, bytes: body.length, series };
}

type ProxyFigures = { initMs: number; p50: number; rssMb: number; anonMb: number };

function rssOf(pid: number | null): { mb: number; anonMb: number } {
  const field = (status: string, name: string): number =>
    Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN) / 1024;
  try {
    const status = readFileSync(`/proc/${pid ?? 'none'}/status`, 'utf8');
    return { mb: field(status, 'VmRSS'), anonMb: field(status, 'RssAnon') };
  } catch {
    return { mb: NaN, anonMb: NaN };
  }
}

async function echo(client: Client, i: number): Promise<void> {
  const result = await client.callTool({ name: 'echo', arguments: { message: `m${i}` } });
  const content = result.content as Array<{ text?: string }> | undefined;
  if (content?.[0]?.text !== `Echo: m${i}`) throw new Error('bad answer');
}

async function benchProxy(bin: string, url: string, env: Record<string, string>): Promise<ProxyFigures> {
  const launch = proxyLaunchCommand({ kind: 'node', nodePath: process.execPath, tetherBin: bin });
  const argv = [...launch.args, '--name', 'bench', url];
  const connect = async (): Promise<{ client: Client; transport: StdioClientTransport; ms: number }> => {
    const transport = new StdioClientTransport({
      command: launch.command,
      args: argv,
      env,
      stderr: 'ignore',
    });
    const client = new Client({ name: 'tether-bench', version: '1.0.0' });
    const started = performance.now();
    await client.connect(transport);
    return { client, transport, ms: performance.now() - started };
  };
  const warm = await connect(); // fills the cache: the measured spawns start warm, as in proxy.bench.ts
  await warm.client.listTools();
  await warm.client.close();
  const inits: number[] = [];
  for (let i = 1; i < INIT_SPAWNS; i++) {
    const run = await connect();
    inits.push(run.ms);
    await run.client.close();
  }
  const { client, transport, ms } = await connect();
  inits.push(ms);
  try {
    for (let i = 0; i < 200; i++) await echo(client, i);
    const latencies: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      const started = performance.now();
      await echo(client, i);
      latencies.push(performance.now() - started);
    }
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < RSS_CALLS) await echo(client, next++);
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 1500)); // at least one export after the calls
    const rss = rssOf(transport.pid);
    return { initMs: pct(inits, 0.5), p50: pct(latencies, 0.5), rssMb: rss.mb, anonMb: rss.anonMb };
  } finally {
    await client.close();
  }
}

async function main(): Promise<void> {
  const loadBefore = loadavg();
  const idle = await benchScrape(false);
  const scrape = await benchScrape(true);
  const server = await startReferenceServer();
  const home = await createTempHome('tether-bench-metrics-');
  const receiver = await startOtlpReceiver();
  const otel = {
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    OTEL_METRIC_EXPORT_INTERVAL: '1000',
  };
  const rows: Array<[string, ProxyFigures]> = [];
  try {
    const baseline = process.env['BENCH_BASELINE_BIN'];
    if (baseline) rows.push(['baseline build', await benchProxy(baseline, server.url, home.env)]);
    rows.push(['export off', await benchProxy(TETHER_BIN, server.url, home.env)]);
    rows.push(['export on', await benchProxy(TETHER_BIN, server.url, { ...home.env, ...otel })]);
  } finally {
    await receiver.close();
    await server.stop();
    await home.cleanup();
  }
  const load = (values: number[]): string => values.map((value) => value.toFixed(2)).join(' ');
  console.log(`node ${process.version}, load average before ${load(loadBefore)}, after ${load(loadavg())}`);
  for (const [name, run] of [
    ['nothing new', idle],
    ['a call between scrapes', scrape],
  ] as const)
    console.log(
      `/metrics, ${SERVERS} servers (${run.series} series, ${(run.bytes / 1024).toFixed(0)} KiB), ${name}: ` +
        `p50 ${run.p50.toFixed(1)} ms, p99 ${run.p99.toFixed(1)} ms over ${SCRAPES} scrapes; ` +
        `${run.cpuMs.toFixed(1)} CPU ms per scrape (server and client in one process)`,
    );
  console.log(
    `target /metrics ≤ 50 ms with ${SERVERS} servers (a call between scrapes): ${verdict(scrape.p50 <= 50)} (p50 ${scrape.p50.toFixed(1)} ms, p99 ${scrape.p99.toFixed(1)} ms)`,
  );
  console.log('proxy            init ms  p50 ms  RSS MB  (anon)');
  for (const [name, figures] of rows)
    console.log(
      `${name.padEnd(16)} ${figures.initMs.toFixed(0).padStart(7)} ${figures.p50.toFixed(3).padStart(7)} ` +
        `${figures.rssMb.toFixed(1).padStart(7)} ${`(${figures.anonMb.toFixed(1)})`.padStart(7)}`,
    );
  const off = rows.find(([name]) => name === 'export off')![1];
  const on = rows.find(([name]) => name === 'export on')![1];
  const received = receiver.requests.filter((request) => request.path === '/v1/metrics').length;
  console.log(`export on: the receiver got ${received} metrics exports`);
  console.log(
    `target export on ≤ +5 MB RSS: ${verdict(on.rssMb - off.rssMb <= 5)} (${(on.rssMb - off.rssMb).toFixed(1)} MB)`,
  );
  console.log(
    `target export on ≤ +5 % tools/call p50: ${verdict(on.p50 <= off.p50 * 1.05)} (${((on.p50 / off.p50 - 1) * 100).toFixed(1)} %)`,
  );
  const base = rows.find(([name]) => name === 'baseline build')?.[1];
  if (base)
    console.log(
      `export off vs baseline build: init ${(off.initMs - base.initMs).toFixed(0)} ms, ` +
        `RSS ${(off.rssMb - base.rssMb).toFixed(1)} MB, p50 ${((off.p50 / base.p50 - 1) * 100).toFixed(1)} %`,
    );
}

await main();

// Log pipeline benchmarks (issue 6): parse + normalize throughput, append-to-event latency while
// tailing, and peak memory over a huge log folder. Sizes come from env so CI can shrink them:
// TETHER_BENCH_LOG_MB (default 100), TETHER_BENCH_FOLDER_GB (default 5).
import { appendFile, mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LogTailer } from '../../electron/core/logs/log-tailer.js';
import { scanLogs } from '../../electron/core/logs/scan-logs.js';
import { TimelineBuilder } from '../../electron/core/timeline/build-timelines.js';
import type { PathEnv } from '../../electron/core/paths.js';

const LOG_MB = Number(process.env['TETHER_BENCH_LOG_MB'] ?? 100);
const FOLDER_GB = Number(process.env['TETHER_BENCH_FOLDER_GB'] ?? 5);
const SAMPLES = [
  'server-restart/2026-11-21T00-14-38-992Z.jsonl',
  'idle-cut-by-proxy-3s/2026-11-21T00-14-45-023Z.jsonl',
  'stdio-server-killed/2026-11-21T00-15-17-517Z.jsonl',
];

type Home = { root: string; pathEnv: PathEnv; logDir: (server: string) => string };

async function makeHome(): Promise<Home> {
  const root = await mkdtemp(path.join(tmpdir(), 'tether-bench-logs-'));
  const env = { HOME: root, XDG_CACHE_HOME: path.join(root, '.cache') };
  const logDir = (server: string): string =>
    path.join(root, '.cache', 'claude-cli-nodejs', '-home-dev-projects-acme', `mcp-logs-${server}`);
  return { root, pathEnv: { env, platform: 'linux', homeDir: root }, logDir };
}

/** Real captured lines, re-timed so the generated log reads as one long session. */
async function sampleBlock(): Promise<string> {
  const lines: string[] = [];
  for (const name of SAMPLES)
    lines.push(
      ...(await readFile(path.join('test/fixtures/logs/claude-code', name), 'utf8')).trim().split('\n'),
    );
  return `${lines.join('\n')}\n`;
}

async function generate(file: string, bytes: number, block: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const chunk = block.repeat(Math.max(1, Math.floor((4 << 20) / block.length)));
  const handle = await open(file, 'w');
  for (let written = 0; written < bytes; written += chunk.length) await handle.write(chunk);
  await handle.close();
}

/**
 * Median of three full runs (the first includes JIT warm-up); CPU seconds shown for loaded machines.
 * The target is the issue's "parse + normalize"; the run that also builds timelines is shown beside it.
 */
async function throughput(block: string, withTimeline: boolean): Promise<void> {
  const home = await makeHome();
  try {
    const file = path.join(home.logDir('svc'), '2026-11-21T00-00-00-000Z.jsonl');
    await generate(file, LOG_MB * 1024 * 1024, block);
    const runs: Array<{ seconds: number; cpuSeconds: number; events: number; mb: number }> = [];
    for (let run = 0; run < 3; run++) {
      const builder = new TimelineBuilder();
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      const summary = await scanLogs(
        { pathEnv: home.pathEnv, dataDir: path.join(home.root, 'data'), maxBytesPerFile: Infinity },
        withTimeline ? (event) => builder.add(event) : () => undefined,
      );
      if (withTimeline) builder.build({ nowMs: Date.parse('2026-11-21T01:00:00Z') });
      const cpu = process.cpuUsage(cpuBefore);
      runs.push({
        seconds: (performance.now() - started) / 1000,
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
        events: summary.events,
        mb: summary.sources[0]!.size / 1024 / 1024,
      });
    }
    runs.sort((a, b) => a.seconds - b.seconds);
    const { seconds, cpuSeconds, events, mb } = runs[1]!;
    report(
      withTimeline ? 'parse + normalize + timeline' : 'parse + normalize',
      `${(mb / seconds).toFixed(0)} MB/s wall, ${(mb / cpuSeconds).toFixed(0)} MB per CPU-second (median of 3: ${mb.toFixed(0)} MB, ${events} events in ${seconds.toFixed(2)} s, ${((seconds * 1e6) / events).toFixed(1)} µs/event)`,
      withTimeline ? 'none; shown for scale' : '>= 100 MB/s',
      withTimeline ? undefined : mb / seconds >= 100,
    );
  } finally {
    await rm(home.root, { recursive: true, force: true });
  }
}

/** Poll mode (`tether logs --follow` before fs events) and watch mode (the service: fs events, 2 s poll). */
async function latency(watch: boolean): Promise<void> {
  const home = await makeHome();
  try {
    const file = path.join(home.logDir('svc'), '2026-11-21T00-00-00-000Z.jsonl');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, '');
    let resolveEvent: (() => void) | undefined;
    const tailer = new LogTailer({
      scope: { pathEnv: home.pathEnv, dataDir: path.join(home.root, 'data') },
      onEvent: () => resolveEvent?.(),
      pollMs: watch ? 2000 : 50,
      watch,
    });
    await tailer.start();
    await tailer.watching();
    const delays: number[] = [];
    for (let i = 0; i < 20; i++) {
      const seen = new Promise<void>((resolve) => (resolveEvent = resolve));
      const started = performance.now();
      await appendFile(
        file,
        `${JSON.stringify({ debug: `Calling MCP tool: t${i}`, timestamp: new Date().toISOString(), sessionId: 's', cwd: '/home/dev/projects/acme' })}\n`,
      );
      await seen;
      delays.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 37));
    }
    await tailer.stop();
    delays.sort((a, b) => a - b);
    const p50 = delays[10]!;
    const max = delays[delays.length - 1]!;
    report(
      'append -> event while tailing',
      `p50 ${p50.toFixed(0)} ms, max ${max.toFixed(0)} ms (20 appends, ${watch ? 'fs events + 2 s poll' : 'poll 50 ms'})`,
      '<= 200 ms',
      max <= 200,
    );
  } finally {
    await rm(home.root, { recursive: true, force: true });
  }
}

/** A huge folder made quickly: sparse files (a hole, then real lines at the end), 256 MiB each. */
async function peakMemory(block: string): Promise<void> {
  const home = await makeHome();
  const fileBytes = 256 * 1024 * 1024;
  const files = Math.max(1, Math.round((FOLDER_GB * 1024 * 1024 * 1024) / fileBytes));
  try {
    const tail = block.repeat(Math.ceil((8 << 20) / block.length));
    for (let i = 0; i < files; i++) {
      const file = path.join(
        home.logDir(`server-${i % 8}`),
        `2026-11-${String(10 + (i % 10)).padStart(2, '0')}T00-00-00-${String(i).padStart(3, '0')}Z.jsonl`,
      );
      await mkdir(path.dirname(file), { recursive: true });
      const handle = await open(file, 'w');
      await handle.truncate(fileBytes - tail.length);
      await handle.write(`\n${tail}`, fileBytes - tail.length - 1);
      await handle.close();
    }
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const builder = new TimelineBuilder();
    const started = performance.now();
    const summary = await scanLogs(
      { pathEnv: home.pathEnv, dataDir: path.join(home.root, 'data') },
      (event) => builder.add(event),
    );
    builder.build();
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const mib = peak / 1024 / 1024;
    report(
      `peak RSS over a ${FOLDER_GB} GB folder (${files} files)`,
      `${mib.toFixed(0)} MiB (baseline ${(baseline / 1024 / 1024).toFixed(0)} MiB, ${summary.events} events, ${((performance.now() - started) / 1000).toFixed(1)} s)`,
      '<= 200 MB',
      mib <= 200,
    );
  } finally {
    await rm(home.root, { recursive: true, force: true });
  }
}

/** `ok` undefined: a figure without a target of its own, printed for scale. */
function report(name: string, value: string, target: string, ok: boolean | undefined): void {
  const verdict = ok === undefined ? 'INFO' : ok ? 'PASS' : 'MISS';
  process.stdout.write(`${verdict}  ${name}: ${value}  [target ${target}]\n`);
}

const block = await sampleBlock();
await throughput(block, false);
await throughput(block, true);
await latency(false);
await latency(true);
await peakMemory(block);

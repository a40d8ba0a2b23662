// Service idle cost (issue 13): a real `tether serve` on a temporary home with 50 servers (client
// configs and their logs; some wrapped, no proxy running) and nothing happening. Its CPU (% of one core)
// and RSS are read from /proc and averaged over the window, after a warm-up that lets the start-up
// backfill finish. `npm run bench` measures 5 minutes; a quick look: TETHER_BENCH_IDLE_SECONDS=30
// npm run bench -- status-idle. Linux only (/proc).
import { spawn, spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TETHER_BIN, waitForOutput } from '../helpers/run-cli.js';
import { createTempHome } from '../helpers/temp-home.js';
import { writeCorpus } from './log-viewer-corpus.js';

const SERVERS = 50;
const SECONDS = Number(process.env['TETHER_BENCH_IDLE_SECONDS'] ?? 300);
const WARMUP_SECONDS = Number(process.env['TETHER_BENCH_IDLE_WARMUP'] ?? 20);
const SAMPLE_MS = 5000;
const CPU_TARGET = 1;
const RSS_TARGET_MB = 150;

function report(name: string, value: string, target: string, ok: boolean | undefined): void {
  const verdict = ok === undefined ? 'INFO' : ok ? 'PASS' : 'MISS';
  process.stdout.write(`${verdict}  ${name}: ${value}  [target ${target}]\n`);
}

/** CPU seconds (user + system) and RSS bytes of a process, from /proc. */
async function usage(pid: number, ticksPerSecond: number): Promise<{ cpuS: number; rssBytes: number }> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuS = (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { cpuS, rssBytes: rssKb * 1024 };
}

async function main(): Promise<void> {
  if (process.platform !== 'linux') {
    report('service idle cost', 'skipped (reads /proc)', 'Linux', undefined);
    return;
  }
  const ticksPerSecond = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
  const home = await createTempHome('tether-idle-bench-');
  const now = Date.now();
  await writeCorpus(
    { cache: path.join(home.home, '.cache'), config: path.join(home.home, '.config') },
    { servers: SERVERS, perServer: 2000, spanMs: 6 * 3600_000, endMs: now - 60_000 },
  );
  // Every server in Claude Code's config; every fifth wrapped (its proxy not running: nothing happens).
  const mcpServers: Record<string, unknown> = {};
  for (let server = 0; server < SERVERS; server++) {
    mcpServers[`server-${server}`] =
      server % 5 === 0
        ? {
            command: process.execPath,
            args: [TETHER_BIN, 'proxy', '--name', `server-${server}`, 'http://127.0.0.1:9/mcp'],
          }
        : { type: 'http', url: `http://127.0.0.1:9/server-${server}/mcp` };
  }
  await writeFile(path.join(home.home, '.claude.json'), JSON.stringify({ mcpServers }, null, 2));

  const child = spawn(process.execPath, [TETHER_BIN, 'serve', '--no-open'], {
    env: home.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    await waitForOutput(child, /http:\/\/127\.0\.0\.1:\d+\//, 120_000);
    const pid = child.pid!;
    await new Promise((resolve) => setTimeout(resolve, WARMUP_SECONDS * 1000));
    const first = await usage(pid, ticksPerSecond);
    const startedAt = Date.now();
    let rssSum = 0;
    let rssMax = 0;
    let samples = 0;
    while (Date.now() - startedAt < SECONDS * 1000) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(SAMPLE_MS, SECONDS * 1000)));
      const now = await usage(pid, ticksPerSecond);
      rssSum += now.rssBytes;
      rssMax = Math.max(rssMax, now.rssBytes);
      samples++;
    }
    const last = await usage(pid, ticksPerSecond);
    const wallS = (Date.now() - startedAt) / 1000;
    const cpuPercent = ((last.cpuS - first.cpuS) / wallS) * 100;
    const rssMb = rssSum / Math.max(1, samples) / 1024 / 1024;
    const load = (await readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' ');
    report(
      'servers',
      `${SERVERS} (configs + logs, ${SERVERS / 5} wrapped, no proxy running)`,
      '50',
      undefined,
    );
    report(
      `service CPU, idle, over ${wallS.toFixed(0)} s`,
      `${cpuPercent.toFixed(2)} % of one core`,
      `≤ ${CPU_TARGET} %`,
      cpuPercent <= CPU_TARGET,
    );
    report(
      `service RSS, idle, mean of ${samples}`,
      `${rssMb.toFixed(1)} MB (max ${(rssMax / 1024 / 1024).toFixed(1)} MB)`,
      `≤ ${RSS_TARGET_MB} MB`,
      rssMb <= RSS_TARGET_MB,
    );
    report('machine load (1/5/15 min)', load, '-', undefined);
    if (SECONDS < 300)
      report('window', `${SECONDS} s (quick mode; the target is a 5 min average)`, '300 s', undefined);
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await home.cleanup();
  }
}

await main();

// `npm run bench -- launcher`: `tether proxy` started through the stable launcher (<dataDir>/bin/
// tether-proxy, what wrapped entries run) beside the plain CLI form (`node bin/tether.mjs proxy`, as
// typed by hand), each in front of the real reference server, driven by the official SDK client:
// RSS of the proxy process after BENCH_RSS_CALLS (10,000) calls, 16 in flight. Target: ≤ 50 MB.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { refreshLauncher } from '../../electron/core/launcher/refresh-launcher.js';
import { TETHER_BIN } from '../helpers/mcp-stdio-client.js';
import { startReferenceServer } from '../helpers/reference-server.js';
import { createTempHome } from '../helpers/temp-home.js';

const RSS_CALLS = Number(process.env['BENCH_RSS_CALLS'] ?? 10_000);
const CONCURRENCY = 16;
const TARGET_MB = 50;

type Rss = { mb: number; anonMb: number };

/** VmRSS and RssAnon (private memory) of a process, from /proc (Linux). */
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

/** The flags the proxy process actually runs with (the launcher execs node, so the pid is node's). */
function cmdlineOf(pid: number | null): string {
  try {
    const argv = readFileSync(`/proc/${pid ?? 'none'}/cmdline`, 'utf8').split('\0');
    const script = argv.findIndex((arg) => arg.endsWith('.mjs'));
    return argv.slice(1, script === -1 ? undefined : script).join(' ');
  } catch {
    return '?';
  }
}

async function run(
  argv: string[],
  env: Record<string, string>,
): Promise<{ rss: Rss; samples: number[]; flags: string; initMs: number }> {
  const [command = process.execPath, ...args] = argv;
  const transport = new StdioClientTransport({ command, args, env, stderr: 'ignore' });
  const client = new Client({ name: 'tether-bench', version: '1.0.0' });
  const started = performance.now();
  await client.connect(transport);
  const initMs = performance.now() - started;
  const samples: number[] = [];
  const every = Math.floor(RSS_CALLS / 5);
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < RSS_CALLS) {
          const i = next++;
          const result = await client.callTool({ name: 'echo', arguments: { message: `m${i}` } }, undefined, {
            timeout: 30_000,
          });
          const content = result.content as Array<{ text?: string }> | undefined;
          if (content?.[0]?.text !== `Echo: m${i}`)
            throw new Error(`bad answer: ${JSON.stringify(result).slice(0, 200)}`);
          if ((i + 1) % every === 0) samples.push(rssOf(transport.pid).mb);
        }
      }),
    );
    return { rss: rssOf(transport.pid), samples, flags: cmdlineOf(transport.pid), initMs };
  } finally {
    await client.close();
  }
}

async function main(): Promise<void> {
  const home = await createTempHome();
  const server = await startReferenceServer('streamableHttp');
  try {
    const { path: launcher } = await refreshLauncher(home.dataDir, {
      kind: 'node',
      nodePath: process.execPath,
      tetherBin: TETHER_BIN,
    });
    const upstream = ['--name', 'everything', server.url];
    const rows: [string, string[]][] = [
      ['launcher', [launcher, ...upstream]],
      ['plain CLI', [process.execPath, TETHER_BIN, 'proxy', ...upstream]],
    ];
    console.log(
      `node ${process.version}, rssCalls=${RSS_CALLS} concurrency=${CONCURRENCY}, load ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log('form        init ms  RSS MB  (anon)  RSS along the way                    flags');
    let failed = false;
    for (const [name, argv] of rows) {
      const figures = await run(argv, home.env);
      console.log(
        `${name.padEnd(10)} ${figures.initMs.toFixed(0).padStart(8)} ${figures.rss.mb.toFixed(1).padStart(7)} ${`(${figures.rss.anonMb.toFixed(1)})`.padStart(7)}  ${figures.samples
          .map((mb) => mb.toFixed(1))
          .join(' ')
          .padEnd(36)} ${figures.flags || '(none)'}`,
      );
      const ok = figures.rss.mb <= TARGET_MB;
      console.log(
        `  target RSS ≤ ${TARGET_MB} MB after ${RSS_CALLS} calls (${name}): ${ok ? 'met' : 'MISSED'} (${figures.rss.mb.toFixed(1)} MB)`,
      );
      if (name === 'launcher' && !ok) failed = true;
    }
    if (failed) process.exitCode = 1;
  } finally {
    await server.stop();
    await home.cleanup();
  }
}

await main();

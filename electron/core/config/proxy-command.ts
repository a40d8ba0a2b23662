import { access } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Upstream } from '../../../shared/server-model.js';

/**
 * How this Tether installation can be started as `tether proxy` by an MCP client.
 *
 * `node`: installed from npm, run `<node> <abs bin/tether.mjs>`. `electron`: the packaged app, whose own
 * executable runs the same script in Node mode (`ELECTRON_RUN_AS_NODE=1`), so a machine without Node
 * works.
 */
export type ProxyRuntime =
  | { kind: 'node'; nodePath: string; tetherBin: string }
  | { kind: 'electron'; executablePath: string; tetherBin: string };

/** The launcher part of a wrapped entry: what to exec, the leading args, and env the launcher needs. */
export type LaunchCommand = { command: string; args: string[]; env: Record<string, string> };

/**
 * V8 flags for a long-lived proxy under plain Node (measured in docs/benchmarks.md, "Proxy memory").
 * With V8's defaults the young generation grows to 3 × 16 MiB under concurrent calls and the old
 * generation keeps its slack: ~100 MB RSS after 10k calls for a live heap of ~5 MB.
 * - `--max-semi-space-size=1`, `--optimize-for-size`: a 1 MiB young generation, tight heap growth.
 * - `--max-opt=1`: Ignition + Sparkplug, no optimizing compiler. A proxy's hot path is I/O and JSON
 *   (native either way); TurboFan's own code, zones and optimized code cost ~4 MB of RSS and bought
 *   nothing measurable in p50 or throughput against the upstream.
 * - `--expose-gc`: lets the heap trimmer (electron/proxy/heap-trimmer.ts) collect a busy proxy's garbage
 *   before V8 would, so RSS stays flat instead of drifting up to V8's next limit.
 * - `--v8-pool-size=1`: one V8 worker thread instead of four; a 5 MB heap gains nothing from parallel
 *   GC, and each idle thread still holds its stack and malloc arena.
 * Command-line flags because V8 sizes the heap at start-up (`v8.setFlagsFromString` is too late) and
 * NODE_OPTIONS rejects `--optimize-for-size`. Every flag exists from Node 20 on. The stable launcher
 * (electron/core/launcher/) writes them for plain Node and for the app's executable in Node mode alike;
 * the latter is not measured here (no Electron binary in CI).
 */
export const PROXY_NODE_FLAGS: readonly string[] = [
  '--max-semi-space-size=1',
  '--optimize-for-size',
  '--max-opt=1',
  '--expose-gc',
  '--v8-pool-size=1',
];

/** Pure: the command an MCP client should exec to start `tether proxy` for this runtime. */
export function proxyLaunchCommand(runtime: ProxyRuntime): LaunchCommand {
  switch (runtime.kind) {
    case 'node':
      return { command: runtime.nodePath, args: [...PROXY_NODE_FLAGS, runtime.tetherBin, 'proxy'], env: {} };
    case 'electron':
      return {
        command: runtime.executablePath,
        args: [runtime.tetherBin, 'proxy'],
        env: { ELECTRON_RUN_AS_NODE: '1' },
      };
  }
}

/**
 * The runtime of the current process: Electron (the app, or its executable in Node mode) or plain Node.
 * `tetherBin` is found by walking up from this module to the package that holds `bin/tether.mjs`.
 */
export async function currentProxyRuntime(): Promise<ProxyRuntime> {
  // In the packaged app the script sits in app.asar, which only Electron can read; clients run the
  // unpacked copy (electron-builder.yml asarUnpack).
  const found = await findTetherBin(path.dirname(fileURLToPath(import.meta.url)));
  const tetherBin = found.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
  return process.versions['electron']
    ? { kind: 'electron', executablePath: process.execPath, tetherBin }
    : { kind: 'node', nodePath: process.execPath, tetherBin };
}

async function findTetherBin(start: string): Promise<string> {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'bin', 'tether.mjs');
    try {
      await access(candidate);
      return candidate;
    } catch {
      if (path.dirname(dir) === dir) throw new Error(`bin/tether.mjs not found above ${start}`);
    }
  }
}

/** `tether proxy` arguments (after `proxy`) for an upstream: headers as `--header "K: V"`, or `-- CMD ARGS`. */
export function proxyArgs(
  name: string,
  upstream: { url: string; headers: Record<string, string> } | { command: string; args: string[] },
): string[] {
  if ('url' in upstream) {
    const headers = Object.entries(upstream.headers).flatMap(([key, value]) => [
      '--header',
      `${key}: ${value}`,
    ]);
    return ['--name', name, ...headers, upstream.url];
  }
  return ['--name', name, '--', upstream.command, ...upstream.args];
}

/**
 * Recognises an entry that runs `tether proxy` and reads back its upstream; `null` for any other entry.
 *
 * Recognised launchers: `<dataDir>/bin/tether-proxy …` (the stable launcher, electron/core/launcher/),
 * `<node|app> …/tether.mjs proxy …` and `tether proxy …` (a global npm shim).
 */
export function parseProxyInvocation(command: string, args: readonly string[]): Upstream | null {
  const base = (file: string): string => file.split(/[\\/]/).pop()?.toLowerCase() ?? '';
  let at = -1;
  if (/^tether(\.cmd|\.exe)?$/.test(base(command)) && args[0] === 'proxy') at = 1;
  else if (/^tether-proxy(\.cmd)?$/.test(base(command))) at = 0;
  else {
    const script = args.findIndex((arg) => /^tether\.(mjs|js|cjs)$/.test(base(arg)));
    if (script !== -1 && args[script + 1] === 'proxy') at = script + 2;
  }
  if (at === -1) return null;
  const rest = args.slice(at);
  for (let index = 0; index < rest.length; index++) {
    const arg = rest[index]!;
    if (arg === '--') {
      const [inner, ...innerArgs] = rest.slice(index + 1);
      return { transport: 'stdio', url: null, command: inner ?? null, args: innerArgs };
    }
    if (PROXY_VALUE_OPTIONS.has(arg)) {
      index++;
      continue;
    }
    if (!arg.startsWith('-')) {
      const transportAt = rest.indexOf('--transport');
      const declared = transportAt === -1 ? undefined : rest[transportAt + 1];
      return { transport: declared === 'sse' ? 'sse' : 'http', url: arg, command: null, args: [] };
    }
  }
  return { transport: 'unknown', url: null, command: null, args: [] };
}

/** `tether proxy` options followed by a value: that value is never the upstream URL. */
export const PROXY_VALUE_OPTIONS: ReadonlySet<string> = new Set([
  '--name',
  '--header',
  '--transport',
  '--budget',
  '--deadline',
  '--retryable-tools',
  '--log-level',
  '--client-id',
  '--client-secret-env',
  '--callback-port',
  '--startup-wait',
]);

/** The `--header` values of a proxy invocation, as a map (for unwrap without a stored original). */
export function proxyHeaders(args: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  const end = args.indexOf('--');
  const scan = end === -1 ? args : args.slice(0, end);
  for (let index = 0; index < scan.length - 1; index++) {
    if (scan[index] !== '--header') continue;
    const raw = scan[index + 1]!;
    const colon = raw.indexOf(':');
    if (colon > 0) headers[raw.slice(0, colon).trim()] = raw.slice(colon + 1).trim();
  }
  return headers;
}

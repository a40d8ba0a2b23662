import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { freePort, waitForPort } from './free-port.js';

const require = createRequire(import.meta.url);

/** The entry of the real `@modelcontextprotocol/server-everything` (its `mcp-server-everything` bin). */
export const REFERENCE_SERVER_ENTRY = path.join(
  path.dirname(require.resolve('@modelcontextprotocol/server-everything/package.json')),
  'dist',
  'index.js',
);

/** argv for the reference server in stdio mode, e.g. behind `tether proxy -- ...`. */
export function referenceStdioCommand(): string[] {
  return [process.execPath, REFERENCE_SERVER_ENTRY, 'stdio'];
}

/**
 * The server binds every interface (`app.listen(PORT)`); this preload pins port-only listens to
 * 127.0.0.1 so tests stay on loopback without patching the package.
 */
const LOOPBACK_PRELOAD =
  'data:text/javascript,' +
  encodeURIComponent(`
import net from 'node:net';
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const first = args[0];
  const portOnly = typeof first === 'number' || (typeof first === 'string' && /^\\d+$/.test(first));
  if (portOnly && typeof args[1] !== 'string') args.splice(1, 0, '127.0.0.1');
  return listen.apply(this, args);
};
`);

export type ReferenceMode = 'streamableHttp' | 'sse';

export type ReferenceServer = {
  mode: ReferenceMode;
  port: number;
  /** The MCP endpoint: `/mcp` (Streamable HTTP) or `/sse` (legacy HTTP+SSE). */
  url: string;
  /** The pid of the current server process, if running. */
  pid(): number | undefined;
  /** Last lines the server wrote to stderr (for failure messages). */
  stderrTail(): string;
  start(): Promise<void>;
  /** Kills the process (SIGKILL, like a crash or a container stop): every session is gone. */
  stop(): Promise<void>;
  /** A new process on the same port: old session ids now get 400 "No valid session ID". */
  restart(): Promise<void>;
};

/**
 * Starts the real reference MCP server on a free loopback port (or `port`).
 *
 * A restart is a new process, so it loses its in-memory sessions exactly as a redeploy does.
 */
export async function startReferenceServer(
  mode: ReferenceMode = 'streamableHttp',
  port?: number,
): Promise<ReferenceServer> {
  const chosenPort = port ?? (await freePort());
  let child: ChildProcess | undefined;
  let stderr = '';

  const start = async (): Promise<void> => {
    if (child) return;
    const spawned = spawn(process.execPath, ['--import', LOOPBACK_PRELOAD, REFERENCE_SERVER_ENTRY, mode], {
      env: { PATH: process.env['PATH'] ?? '', PORT: String(chosenPort) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child = spawned;
    spawned.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    spawned.once('exit', () => {
      if (child === spawned) child = undefined;
    });
    await waitForPort(chosenPort);
  };

  const stop = async (): Promise<void> => {
    const current = child;
    if (!current) return;
    child = undefined;
    if (current.exitCode !== null || current.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
    current.kill('SIGKILL');
    await exited;
  };

  await start();
  return {
    mode,
    port: chosenPort,
    url: `http://127.0.0.1:${chosenPort}${mode === 'sse' ? '/sse' : '/mcp'}`,
    pid: () => child?.pid,
    stderrTail: () => stderr,
    start,
    stop,
    restart: async () => {
      await stop();
      await start();
    },
  };
}

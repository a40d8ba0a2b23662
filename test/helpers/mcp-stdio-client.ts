import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROXY_NODE_FLAGS } from '../../electron/core/config/proxy-command.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `bin/tether.mjs` of this checkout (runs the built `dist/`); `TETHER_TEST_BIN` points elsewhere. */
export const TETHER_BIN = process.env['TETHER_TEST_BIN'] ?? path.join(REPO_ROOT, 'bin', 'tether.mjs');

export type JsonRpcId = string | number;
export type JsonRpcMessage = {
  jsonrpc?: string;
  id?: JsonRpcId | null;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { code: number; message: string; data?: unknown };
};

/** The client-side `initialize` params every test sends (as Claude Code would, minus extras). */
export const CLIENT_INIT_PARAMS = {
  protocolVersion: '2025-06-18',
  capabilities: {},
  clientInfo: { name: 'tether-test-client', version: '1.0.0' },
};

export type StdioClient = {
  pid: number;
  /** Every message the proxy wrote to stdout, in order. */
  received: JsonRpcMessage[];
  /** Notifications from the proxy (no id). */
  notifications: JsonRpcMessage[];
  stderrLines: string[];
  /** stdout lines that were not JSON: must stay empty (stdout is the protocol channel). */
  garbage: string[];
  /** Every stdout line as written (for what JSON.parse would lose, e.g. ids above 2^53). */
  rawLines: string[];
  send(message: JsonRpcMessage): void;
  sendRaw(line: string): void;
  /** Writes bytes to the proxy's stdin as they are (no newline added), waiting for the pipe to drain. */
  writeBytes(bytes: Buffer | string): Promise<void>;
  /** Sends a request and resolves with its answer; rejects after timeoutMs. */
  request(
    method: string,
    params?: Record<string, unknown>,
    options?: RequestOptions,
  ): Promise<JsonRpcMessage>;
  notify(method: string, params?: Record<string, unknown>): void;
  /** initialize + notifications/initialized. */
  initialize(timeoutMs?: number): Promise<JsonRpcMessage>;
  callTool(name: string, args: Record<string, unknown>, options?: RequestOptions): Promise<JsonRpcMessage>;
  /** Answers that arrived for an id (the invariant is exactly one). */
  answersFor(id: JsonRpcId): JsonRpcMessage[];
  /** Ids of requests sent so far with how many answers each got. */
  answerCounts(): Map<JsonRpcId, number>;
  waitForNotification(method: string, timeoutMs: number, after?: number): Promise<JsonRpcMessage>;
  waitForStderr(pattern: RegExp, timeoutMs: number): Promise<string>;
  alive(): boolean;
  closeStdin(): void;
  waitForExit(timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(): Promise<void>;
};

export type RequestOptions = { id?: JsonRpcId; timeoutMs?: number; meta?: Record<string, unknown> };

export type SpawnProxyOptions = {
  env: Record<string, string>;
  cwd?: string;
};

/**
 * Spawns `tether proxy ARGS` and speaks newline-delimited JSON-RPC to it, as an MCP client would.
 *
 * It answers the proxy's `ping` requests, records every message and stderr line, and counts answers
 * per id so tests can assert the "exactly one answer" invariant.
 */
export function spawnProxy(args: string[], options: SpawnProxyOptions): StdioClient {
  // The V8 flags `tether wrap` writes: the tests run the proxy as wrapped clients do.
  return spawnStdioServer([process.execPath, ...PROXY_NODE_FLAGS, TETHER_BIN, 'proxy', ...args], options);
}

/** The same client around any stdio MCP server (`argv[0]` is the executable). */
export function spawnStdioServer(argv: string[], options: SpawnProxyOptions): StdioClient {
  const [command = process.execPath, ...rest] = argv;
  const child = spawn(command, rest, {
    env: options.env,
    cwd: options.cwd ?? REPO_ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return wrap(child);
}

function wrap(child: ChildProcessWithoutNullStreams): StdioClient {
  const received: JsonRpcMessage[] = [];
  const notifications: JsonRpcMessage[] = [];
  const stderrLines: string[] = [];
  const garbage: string[] = [];
  const rawLines: string[] = [];
  const answers = new Map<JsonRpcId, JsonRpcMessage[]>();
  const waiters = new Set<() => void>();
  let nextId = 1;
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;

  const wake = (): void => {
    for (const waiter of [...waiters]) waiter();
  };

  const write = (line: string): void => {
    if (child.stdin.writable) child.stdin.write(`${line}\n`);
  };

  let stdoutBuffer = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    stdoutBuffer += chunk;
    let newline = stdoutBuffer.indexOf('\n');
    while (newline !== -1) {
      const line = stdoutBuffer.slice(0, newline).replace(/\r$/, '');
      stdoutBuffer = stdoutBuffer.slice(newline + 1);
      if (line !== '') onLine(line);
      newline = stdoutBuffer.indexOf('\n');
    }
    wake();
  });

  const onLine = (line: string): void => {
    rawLines.push(line);
    let message: JsonRpcMessage;
    try {
      message = JSON.parse(line) as JsonRpcMessage;
    } catch {
      garbage.push(line.slice(0, 200));
      return;
    }
    received.push(message);
    const isResponse = 'result' in message || 'error' in message;
    if (isResponse && message.id !== undefined && message.id !== null) {
      const list = answers.get(message.id) ?? [];
      list.push(message);
      answers.set(message.id, list);
    } else if (message.method !== undefined && message.id !== undefined && message.id !== null) {
      // A request from the server side: answer pings, refuse the rest (we declare no capabilities).
      write(
        JSON.stringify(
          message.method === 'ping'
            ? { jsonrpc: '2.0', id: message.id, result: {} }
            : { jsonrpc: '2.0', id: message.id, error: { code: -32601, message: 'Method not found' } },
        ),
      );
    } else if (message.method !== undefined) {
      notifications.push(message);
    }
  };

  let stderrBuffer = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderrBuffer += chunk;
    const lines = stderrBuffer.split('\n');
    stderrBuffer = lines.pop() ?? '';
    stderrLines.push(...lines);
    if (process.env['TETHER_TEST_ECHO_STDERR'] === '1')
      process.stderr.write(lines.map((l) => `  | ${l}\n`).join(''));
    wake();
  });
  child.on('exit', (code, signal) => {
    exit = { code, signal };
    wake();
  });
  // A proxy that exits early makes stdin writes fail with EPIPE; the tests assert on the exit instead.
  child.stdin.on('error', () => undefined);

  const waitUntil = <T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const attempt = (): void => {
        const value = check();
        if (value === undefined) return;
        cleanup();
        resolve(value);
      };
      const timer = setTimeout(() => {
        cleanup();
        const tail = stderrLines.slice(-15).join('\n');
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; proxy stderr tail:\n${tail}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        waiters.delete(attempt);
      };
      waiters.add(attempt);
      attempt();
    });

  const client: StdioClient = {
    pid: child.pid ?? -1,
    received,
    notifications,
    stderrLines,
    garbage,
    rawLines,
    send: (message) => write(JSON.stringify({ jsonrpc: '2.0', ...message })),
    sendRaw: write,
    writeBytes: (bytes) =>
      new Promise((resolve) => {
        if (!child.stdin.writable || child.stdin.write(bytes)) resolve();
        else child.stdin.once('drain', () => resolve());
      }),
    request: (method, params, options = {}) => {
      const id = options.id ?? nextId++;
      answers.set(id, answers.get(id) ?? []);
      const withMeta = options.meta ? { ...params, _meta: options.meta } : params;
      write(JSON.stringify({ jsonrpc: '2.0', id, method, ...(withMeta ? { params: withMeta } : {}) }));
      return waitUntil(
        () => answers.get(id)?.[0],
        options.timeoutMs ?? 15_000,
        `the answer to ${method} #${id}`,
      );
    },
    notify: (method, params) =>
      write(JSON.stringify({ jsonrpc: '2.0', method, ...(params ? { params } : {}) })),
    initialize: async (timeoutMs = 15_000) => {
      const answer = await client.request('initialize', CLIENT_INIT_PARAMS, { timeoutMs });
      client.notify('notifications/initialized');
      return answer;
    },
    callTool: (name, args, options) => client.request('tools/call', { name, arguments: args }, options),
    answersFor: (id) => answers.get(id) ?? [],
    answerCounts: () => new Map([...answers].map(([id, list]) => [id, list.length])),
    waitForNotification: (method, timeoutMs, after = 0) =>
      waitUntil(
        () => notifications.slice(after).find((message) => message.method === method),
        timeoutMs,
        `notification ${method}`,
      ),
    waitForStderr: (pattern, timeoutMs) =>
      waitUntil(() => stderrLines.find((line) => pattern.test(line)), timeoutMs, `stderr ${String(pattern)}`),
    alive: () => exit === undefined && child.exitCode === null,
    closeStdin: () => child.stdin.end(),
    waitForExit: (timeoutMs) => waitUntil(() => exit, timeoutMs, 'the proxy to exit'),
    kill: async () => {
      if (exit !== undefined) return;
      child.kill('SIGKILL');
      await waitUntil(() => exit, 5_000, 'the killed proxy to exit').catch(() => undefined);
    },
  };
  return client;
}

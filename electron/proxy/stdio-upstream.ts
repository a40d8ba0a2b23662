import { spawn, type ChildProcess } from 'node:child_process';
import { createLineFramer } from './line-framer.js';
import type {
  JsonRpcId,
  JsonRpcMessage,
  JsonRpcNotification,
  JsonRpcRequest,
  JsonRpcResponse,
} from './jsonrpc.js';
import type {
  PendingUpstreamRequest as Pending,
  RequestContext,
  Upstream,
  UpstreamListener,
} from './upstream.js';
import { UpstreamFailure } from './upstream-failure.js';

/**
 * Variables that only make sense for the `tether proxy` process itself. The packaged app launches the
 * proxy as `<Tether executable> bin/tether.mjs proxy` with ELECTRON_RUN_AS_NODE=1; a server started from
 * there must not inherit it (an Electron-based server, or `code` / `cursor` CLIs, would then run as
 * plain Node and fail).
 */
const PROXY_ONLY_ENV = ['ELECTRON_RUN_AS_NODE', 'ELECTRON_NO_ATTACH_CONSOLE'];

/** The environment of the server process: the proxy's own, minus what belongs to the proxy only. */
export function serverEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  for (const name of PROXY_ONLY_ENV) delete copy[name];
  return copy;
}

/**
 * A local stdio MCP server as the upstream (`tether proxy -- COMMAND ARGS`).
 *
 * Spawned without a shell; every `connect` starts a fresh child (the session manager calls it with
 * backoff after an exit). Requests in flight when the child dies fail with class U. Stderr is
 * forwarded marked; non-JSON stdout lines are reported and dropped.
 */
export class StdioUpstream implements Upstream {
  readonly transport = 'stdio' as const;
  private child: ChildProcess | undefined;
  private readonly pending = new Map<JsonRpcId, Pending>();
  private alive = false;

  constructor(
    private readonly command: string,
    private readonly args: readonly string[],
    private readonly listener: UpstreamListener,
  ) {}

  hasSession(): boolean {
    return this.alive;
  }

  async connect(initialize: JsonRpcRequest): Promise<JsonRpcResponse> {
    await this.stopChild();
    this.spawnChild();
    const response = await this.request(initialize, undefined, {
      signal: new AbortController().signal,
      onMessage: (m) => this.listener.onServerMessage(m),
      deadlineMs: 30_000,
    });
    if (response.error)
      throw new UpstreamFailure({
        kind: 'protocol',
        retryClass: 'R',
        message: `initialize failed: ${response.error.message}`.slice(0, 300),
      });
    await this.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    return response;
  }

  request(
    message: JsonRpcRequest,
    raw: string | undefined,
    context: RequestContext,
  ): Promise<JsonRpcResponse> {
    return new Promise((resolve, reject) => {
      if (!this.alive || !this.child?.stdin?.writable) {
        reject(
          new UpstreamFailure({
            kind: 'unreachable',
            retryClass: 'N',
            message: 'the server process is not running',
          }),
        );
        return;
      }
      const onAbort = (): void => {
        this.pending.delete(message.id);
        reject(new UpstreamFailure({ kind: 'aborted', retryClass: 'U', message: 'cancelled' }));
      };
      context.signal.addEventListener('abort', onAbort, { once: true });
      this.pending.set(message.id, {
        resolve: (response) => {
          context.signal.removeEventListener('abort', onAbort);
          resolve(response);
        },
        reject: (failure) => {
          context.signal.removeEventListener('abort', onAbort);
          reject(failure);
        },
        onMessage: context.onMessage,
      });
      this.child.stdin.write((raw ?? JSON.stringify(message)) + '\n');
    });
  }

  async send(message: JsonRpcNotification | JsonRpcResponse, raw?: string): Promise<void> {
    if (!this.alive || !this.child?.stdin?.writable)
      throw new UpstreamFailure({
        kind: 'unreachable',
        retryClass: 'N',
        message: 'the server process is not running',
      });
    this.child.stdin.write((raw ?? JSON.stringify(message)) + '\n');
  }

  async reset(): Promise<void> {
    await this.stopChild();
  }

  async close(): Promise<void> {
    await this.stopChild();
  }

  private spawnChild(): void {
    const child = spawn(this.command, [...this.args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      shell: false,
      env: serverEnv(process.env),
    });
    this.child = child;
    this.alive = true;
    const framer = createLineFramer({ onLine: (line) => this.onChildLine(line.toString('utf8')) });
    child.stdout.on('data', (chunk: Buffer) => framer.push(chunk));
    const errFramer = createLineFramer({
      onLine: (line) =>
        this.listener.onTransportEvent({ type: 'child-stderr', line: line.toString('utf8').slice(0, 2000) }),
    });
    child.stderr.on('data', (chunk: Buffer) => errFramer.push(chunk));
    child.stdin.on('error', () => undefined);
    child.on('error', (error) => this.onExit(child, null, null, error.message));
    child.on('exit', (code, signal) => this.onExit(child, code, signal));
  }

  private onExit(
    child: ChildProcess,
    code: number | null,
    signal: NodeJS.Signals | null,
    message?: string,
  ): void {
    if (this.child !== child || !this.alive) return;
    this.alive = false;
    const failure = new UpstreamFailure({
      kind: 'connection_lost',
      retryClass: 'U',
      message: message
        ? `server process failed: ${message}`
        : `server process exited (code ${String(code)}${signal ? `, ${signal}` : ''})`,
    });
    for (const pending of this.pending.values()) pending.reject(failure);
    this.pending.clear();
    this.listener.onTransportEvent({ type: 'child-exit', exitCode: code, signal });
    this.listener.onLost(failure);
  }

  private onChildLine(text: string): void {
    let message: JsonRpcMessage;
    try {
      message = JSON.parse(text) as JsonRpcMessage;
    } catch {
      this.listener.onTransportEvent({ type: 'dropped-stdout', line: text.slice(0, 200) });
      return;
    }
    if (!('method' in message) && 'id' in message && message.id !== null) {
      const pending = this.pending.get(message.id);
      if (pending) {
        this.pending.delete(message.id);
        pending.resolve(message);
      }
      return;
    }
    this.listener.onServerMessage(message);
  }

  /** Spec shutdown: close stdin, wait, SIGTERM, then SIGKILL. */
  private async stopChild(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.alive = false;
    this.child = undefined;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const wait = (ms: number): Promise<boolean> =>
      Promise.race([
        exited.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms)),
      ]);
    child.stdin?.end();
    if (await wait(1000)) return;
    child.kill('SIGTERM');
    if (await wait(1000)) return;
    child.kill('SIGKILL');
  }
}

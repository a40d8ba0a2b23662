import { spawn, type ChildProcess } from 'node:child_process';
import { createLineFramer } from '../line-framer.js';
import type { JsonRpcMessage, JsonRpcNotification, JsonRpcRequest, JsonRpcResponse } from '../jsonrpc.js';
import { PendingRequests } from './pending-requests.js';
import type { RequestContext, Upstream, UpstreamListener } from '../upstream.js';
import { UpstreamFailure } from '../upstream-failure.js';
import { initializeOver } from './initialize-handshake.js';

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
  private readonly pending = new PendingRequests();
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
    return initializeOver(this, initialize, (m) => this.listener.onServerMessage(m));
  }

  request(
    message: JsonRpcRequest,
    raw: string | undefined,
    context: RequestContext,
  ): Promise<JsonRpcResponse> {
    const stdin = this.alive ? this.child?.stdin : undefined;
    if (!stdin?.writable)
      return Promise.reject(
        new UpstreamFailure({
          kind: 'unreachable',
          retryClass: 'N',
          message: 'the server process is not running',
        }),
      );
    const answer = this.pending.add(message.id, context);
    stdin.write((raw ?? JSON.stringify(message)) + '\n');
    return answer;
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
    this.pending.failAll(failure);
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
    if (!this.pending.settle(message)) this.listener.onServerMessage(message);
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

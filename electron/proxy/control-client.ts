import net from 'node:net';
import type { ProxyEvent, ServiceCommand } from '../../shared/control-protocol.js';
import { CONTROL_PROTOCOL_VERSION } from '../../shared/control-protocol-constants.js';

/** Where the control socket is, and what to send and do on it. */
export type ControlClientOptions = {
  socketPath: string;
  /** Messages to send right after connecting (hello, current state). */
  greeting: () => ProxyEvent[];
  onCommand: (command: ServiceCommand) => Promise<{ ok: boolean; message?: string }>;
};

/** How often a proxy tries the socket again while nobody listens (see the class comment). */
export const RETRY_MS = 1000;

const COMMANDS = new Set(['reconnect', 'reset-session', 'restart-child', 'sign-in', 'check-upstream']);

/**
 * The proxy's end of the control socket: sends events to the service, receives commands.
 *
 * The service may not be running; the client then retries quietly every second (a failed connect to
 * a Unix socket costs microseconds), so a service or a `tether reconnect` that binds the socket reaches
 * every running proxy within about a second. Events produced while disconnected are not queued (the
 * journal has them); `hello` and the current state are re-sent on every connect. Commands are checked by hand (no zod on the proxy's start path).
 */
export class ControlClient {
  private socket: net.Socket | undefined;
  private connected = false;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: ControlClientOptions) {}

  start(): void {
    this.connect();
  }

  send(event: ProxyEvent): void {
    if (!this.connected || !this.socket) return;
    // A slow or stuck service must not grow our memory: drop events when its buffer is full.
    if (this.socket.writableLength > 1024 * 1024) return;
    this.socket.write(JSON.stringify({ ...event, v: CONTROL_PROTOCOL_VERSION }) + '\n');
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.socket?.end();
    this.socket?.unref();
  }

  private connect(): void {
    if (this.closed) return;
    const socket = net.connect(this.options.socketPath);
    this.socket = socket;
    socket.unref();
    socket.setEncoding('utf8');
    let buffer = '';
    socket.on('connect', () => {
      this.connected = true;
      for (const event of this.options.greeting()) this.send(event);
    });
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) !== -1) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        void this.handleLine(line);
      }
      if (buffer.length > 1024 * 1024) buffer = '';
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.connected = false;
      this.socket = undefined;
      if (this.closed) return;
      this.retryTimer = setTimeout(() => this.connect(), RETRY_MS);
      this.retryTimer.unref();
    });
  }

  private async handleLine(line: string): Promise<void> {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return;
    }
    const record = value as Partial<ServiceCommand> | null;
    if (!record || record.type !== 'command' || typeof record.command !== 'string') return;
    const id = typeof record.id === 'string' ? record.id : undefined;
    const reply = (ok: boolean, message?: string): void => {
      if (!this.connected || !this.socket) return;
      const ack = {
        v: CONTROL_PROTOCOL_VERSION,
        type: 'ack',
        ...(id ? { id } : {}),
        command: record.command,
        ok,
        ...(message ? { message } : {}),
      };
      this.socket.write(JSON.stringify(ack) + '\n');
    };
    if (record.v !== CONTROL_PROTOCOL_VERSION)
      return reply(false, `unsupported protocol version ${String(record.v)}`);
    if (!COMMANDS.has(record.command)) return reply(false, `unknown command ${record.command}`);
    const outcome = await this.options.onCommand(record as ServiceCommand);
    reply(outcome.ok, outcome.message);
  }
}

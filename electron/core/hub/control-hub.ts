import { randomUUID } from 'node:crypto';
import { chmod, unlink } from 'node:fs/promises';
import net from 'node:net';
import {
  CONTROL_PROTOCOL_VERSION,
  commandAckSchema,
  proxyEventSchema,
  type CommandAck,
  type ProxyEvent,
  type ServiceCommand,
} from '../../../shared/control-protocol.js';
import type { ProxySignIn } from '../../../shared/api-contract.js';
import type { LogEvent } from '../../../shared/log-events.js';
import { controlSocketPath } from '../control-socket-path.js';
import type { Logger } from '../logger.js';
import { ensureDataDir } from '../paths.js';
import { classifyJournalEntry, journalEntry } from '../logs/journal-entries.js';
import { toLogEvent } from '../logs/log-entry.js';
import type { LiveProxyState } from '../timeline/build-timelines.js';

/** Longest control message accepted; a proxy sending more is misbehaving and is disconnected. */
const MAX_MESSAGE_BYTES = 1024 * 1024;
const COMMAND_TIMEOUT_MS = 5000;

export type HubOptions = {
  dataDir: string;
  logger: Logger;
  /** Every proxy event, normalized like a journal line (feed it to a TimelineBuilder). */
  onEvent?: (event: LogEvent) => void;
  /** Every validated proxy event as sent (e.g. `auth` security activity with its structured fields). */
  onProxyEvent?: (key: string, event: ProxyEvent, pid: number) => void;
  /** A proxy's connection closed (it exited, or will say hello again): metrics drop its live figures. */
  onProxyClosed?: (key: string, pid: number) => void;
  platform?: NodeJS.Platform;
};

type Peer = {
  socket: net.Socket;
  key?: string;
  pid?: number;
  messages: number;
  pending: Map<string, (ack: CommandAck) => void>;
  /** The last sign-in URL the proxy announced (`auth` event `login_url`). */
  loginUrl?: string;
};

/** Discovery and client registration can take a few seconds before a sign-in URL exists. */
const SIGN_IN_TIMEOUT_MS = 15_000;

/**
 * The service end of the control socket: proxies connect, say `hello`, then stream state, activity
 * and metrics; the hub validates every line with the protocol schemas, keeps the live state per
 * server, forwards normalized events, and can send commands back (reconnect, reset-session,
 * restart-child). The socket lives in the owner-only data folder and is itself mode 0600.
 */
export class ControlHub {
  private server: net.Server | undefined;
  private readonly peers = new Set<Peer>();
  private readonly live = new Map<string, LiveProxyState>();
  /** Lines that failed validation (counted, never fatal). */
  invalidMessages = 0;

  constructor(private readonly options: HubOptions) {}

  /** Starts listening; returns the socket path. A stale socket file from a crashed service is replaced. */
  async start(): Promise<string> {
    await ensureDataDir(this.options.dataDir);
    const socketPath = controlSocketPath(this.options.dataDir, this.options.platform);
    if ((this.options.platform ?? process.platform) !== 'win32') await removeStaleSocket(socketPath);
    const server = net.createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => resolve());
    });
    if ((this.options.platform ?? process.platform) !== 'win32') await chmod(socketPath, 0o600);
    this.server = server;
    return socketPath;
  }

  async stop(): Promise<void> {
    for (const peer of this.peers) peer.socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Live state of every connected proxy, keyed by server key (pass to `TimelineBuilder.build`). */
  liveStates(): Map<string, LiveProxyState> {
    return new Map(this.live);
  }

  /** Sends a command to the proxy of `key` and waits for its ack. */
  async sendCommand(
    key: string,
    command: ServiceCommand['command'],
    timeoutMs = COMMAND_TIMEOUT_MS,
  ): Promise<CommandAck> {
    const peer = [...this.peers].find((candidate) => candidate.key === key);
    if (!peer)
      return {
        v: CONTROL_PROTOCOL_VERSION,
        type: 'ack',
        command,
        ok: false,
        message: `no proxy connected for ${key}`,
      };
    const id = randomUUID();
    const message: ServiceCommand = { v: CONTROL_PROTOCOL_VERSION, type: 'command', id, command };
    return new Promise<CommandAck>((resolve) => {
      const timer = setTimeout(() => {
        peer.pending.delete(id);
        resolve({
          v: CONTROL_PROTOCOL_VERSION,
          type: 'ack',
          id,
          command,
          ok: false,
          message: 'no answer from the proxy',
        });
      }, timeoutMs);
      peer.pending.set(id, (ack) => {
        clearTimeout(timer);
        resolve(ack);
      });
      peer.socket.write(`${JSON.stringify(message)}\n`);
    });
  }

  /**
   * Asks the proxy of `key` to prepare a browser sign-in (the dashboard's "Sign in"). The proxy
   * announces the URL in an `auth` event before it acks, so it is known here when the ack arrives.
   */
  async signIn(key: string): Promise<ProxySignIn> {
    const ack = await this.sendCommand(key, 'sign-in', SIGN_IN_TIMEOUT_MS);
    const peer = [...this.peers].find((candidate) => candidate.key === key);
    if (!ack.ok || !peer?.loginUrl)
      return { ok: false, message: ack.message ?? 'the proxy sent no sign-in URL' };
    return { ok: true, authorizationUrl: peer.loginUrl };
  }

  private accept(socket: net.Socket): void {
    const peer: Peer = { socket, messages: 0, pending: new Map() };
    this.peers.add(peer);
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        this.receive(peer, buffer.slice(0, newline));
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf('\n');
      }
      if (buffer.length > MAX_MESSAGE_BYTES) {
        this.options.logger.warn('control message too long; disconnecting proxy', { key: peer.key });
        socket.destroy();
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.peers.delete(peer);
      if (peer.key && ![...this.peers].some((other) => other.key === peer.key)) this.live.delete(peer.key);
      if (peer.key && peer.pid !== undefined) this.options.onProxyClosed?.(peer.key, peer.pid);
    });
  }

  private receive(peer: Peer, line: string): void {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      this.invalidMessages++;
      return;
    }
    const version = (value as { v?: unknown }).v;
    if (typeof version !== 'number' || Math.floor(version) !== CONTROL_PROTOCOL_VERSION) {
      this.invalidMessages++;
      return;
    }
    const ack = commandAckSchema.safeParse(value);
    if (ack.success) {
      if (ack.data.id) peer.pending.get(ack.data.id)?.(ack.data);
      return;
    }
    const parsed = proxyEventSchema.safeParse(value);
    if (!parsed.success) {
      this.invalidMessages++;
      return;
    }
    this.handleEvent(peer, parsed.data);
  }

  private handleEvent(peer: Peer, event: ProxyEvent): void {
    if (event.type === 'hello') {
      peer.key = event.server.key;
      peer.pid = event.pid;
      this.live.set(event.server.key, {
        key: event.server.key,
        state: 'reconnecting',
        since: new Date().toISOString(),
        upstream: event.upstream,
        pid: event.pid,
      });
    }
    if (!peer.key) {
      this.invalidMessages++; // events before hello cannot be attributed
      return;
    }
    if (event.type === 'auth' && event.kind === 'login_url' && event.authorizationUrl)
      peer.loginUrl = event.authorizationUrl;
    if (event.type === 'state') {
      const previous = this.live.get(peer.key);
      this.live.set(peer.key, {
        ...previous,
        key: peer.key,
        state: event.state,
        since: new Date().toISOString(),
      });
    }
    peer.messages++;
    this.options.onProxyEvent?.(peer.key, event, peer.pid ?? 0);
    const entry = journalEntry(
      { ...event, v: CONTROL_PROTOCOL_VERSION, ts: new Date().toISOString(), pid: peer.pid ?? 0 },
      peer.messages,
    );
    const server = { client: 'tether', scope: 'proxy', name: peer.key } as const;
    this.options.onEvent?.(
      toLogEvent(entry, server, `control-socket:${peer.key}`, classifyJournalEntry(entry.message, entry)),
    );
  }
}

async function removeStaleSocket(socketPath: string): Promise<void> {
  const alive = await new Promise<boolean>((resolve) => {
    const probe = net.connect(socketPath);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
  if (alive) throw new Error(`another Tether service is listening on ${socketPath}`);
  await unlink(socketPath).catch(() => undefined);
}

import { chmod, unlink } from 'node:fs/promises';
import net from 'node:net';
import {
  CONTROL_PROTOCOL_VERSION,
  type CommandAck,
  type HelloEvent,
  type ProxyEvent,
  type RelayAnswer,
  type RelayRequest,
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
import { parseControlLine } from './control-line.js';
import { commandPeer, refusal } from './peer-commands.js';
import { aggregateLiveStates, type LivePeer } from './live-peers.js';
import { checkClaimedPid, type PeerCheck } from './peer-credentials.js';

/** Longest control message accepted; a proxy sending more is misbehaving and is disconnected. */
const MAX_MESSAGE_BYTES = 1024 * 1024;
const COMMAND_TIMEOUT_MS = 5000;
/** Connections at once: one per running proxy; far more than a machine runs, far less than a flood. */
const MAX_CONNECTIONS = 512;
/** A proxy says `hello` as soon as it connects; a connection silent for this long is not a proxy. */
const HELLO_TIMEOUT_MS = 10_000;

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
  /** How a claimed pid is checked against the connection (tests replace it). */
  checkPid?: (socket: net.Socket, pid: number) => Promise<PeerCheck>;
  /** A local `tether reconnect` asking through this hub (the service answers with its status model). */
  onRelay?: (request: RelayRequest) => Promise<Omit<RelayAnswer, 'v' | 'type' | 'id'>>;
};

/** One connection. Its state is its own: no other connection can change it, and it ends with it. */
type Peer = {
  socket: net.Socket;
  /** Set by the first accepted `hello`; one key and one pid per connection, for its whole life. */
  bound?: LivePeer;
  messages: number;
  pending: Map<string, (ack: CommandAck) => void>;
  /** The last sign-in URL this proxy announced (`auth` event `login_url`). */
  loginUrl?: string;
  /** Lines waiting while a `hello` is checked, so events keep their order. */
  queue: string[];
  checking: boolean;
  helloTimer?: NodeJS.Timeout;
};

/** Discovery and client registration can take a few seconds before a sign-in URL exists. */
const SIGN_IN_TIMEOUT_MS = 15_000;

/**
 * The service end of the control socket: proxies connect, say `hello`, then stream state, activity
 * and metrics; the hub validates every line with the protocol schemas, keeps the live state per
 * connection, forwards normalized events, and can send commands back (reconnect, reset-session,
 * restart-child, sign-in). The socket lives in the owner-only data folder and is itself mode 0600.
 *
 * Identity: a connection is bound by its first `hello` to one server key and the pid it claims; the
 * pid is checked against the socket's peer where the OS tells (peer-credentials.ts). A second
 * connection claiming a (key, pid) already held, a pid that is not the peer, or another key on a bound
 * connection is refused. Several proxies per key are normal (one per client session).
 */
export class ControlHub {
  private server: net.Server | undefined;
  private readonly peers = new Set<Peer>();
  /** Lines that failed validation (counted, never fatal). */
  invalidMessages = 0;
  /** `hello`s refused (duplicate or unproven identity, second key on a connection). */
  refusedHellos = 0;

  constructor(private readonly options: HubOptions) {}

  /** Starts listening; returns the socket path. A stale socket file from a crashed service is replaced. */
  async start(): Promise<string> {
    await ensureDataDir(this.options.dataDir);
    const socketPath = controlSocketPath(this.options.dataDir, this.options.platform);
    if ((this.options.platform ?? process.platform) !== 'win32') await removeStaleSocket(socketPath);
    const server = net.createServer((socket) => this.accept(socket));
    server.maxConnections = MAX_CONNECTIONS;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => resolve());
    });
    server.on('error', (error) => this.options.logger.warn('control socket error', { error: String(error) }));
    if ((this.options.platform ?? process.platform) !== 'win32') await chmod(socketPath, 0o600);
    this.server = server;
    return socketPath;
  }

  async stop(): Promise<void> {
    for (const peer of this.peers) peer.socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /**
   * Live state per server key (pass to `TimelineBuilder.build`): one entry per key, aggregated over
   * that key's connected proxies (`proxies` counts them; see aggregateLiveStates).
   */
  liveStates(): Map<string, LiveProxyState> {
    return aggregateLiveStates(this.livePeers());
  }

  /** Every connected, identified proxy (several per key when several client sessions run it). */
  livePeers(): LivePeer[] {
    return [...this.peers].flatMap((peer) => (peer.bound ? [{ ...peer.bound }] : []));
  }

  /**
   * Sends a command to every proxy of `key` and waits for their acks: a reconnect, session reset or
   * child restart is meant for the server, so each client session's proxy does it. The answer is ok
   * when every proxy said ok; otherwise the first refusal, naming how many of how many failed.
   */
  async sendCommand(
    key: string,
    command: ServiceCommand['command'],
    timeoutMs = COMMAND_TIMEOUT_MS,
  ): Promise<CommandAck> {
    const targets = this.peersOf(key);
    if (targets.length === 0) return refusal(command, `no proxy connected for ${key}`);
    const acks = await Promise.all(targets.map((peer) => commandPeer(peer, command, timeoutMs)));
    const failed = acks.filter((ack) => !ack.ok);
    if (failed.length === 0) return acks[0]!;
    if (targets.length === 1) return failed[0]!;
    return {
      ...failed[0]!,
      message: `${failed.length} of ${targets.length} proxies: ${failed[0]!.message ?? 'failed'}`,
    };
  }

  /**
   * Asks one proxy of `key` to prepare a browser sign-in (the dashboard's "Sign in"). The proxies of
   * a key share one credential record, so one login serves them all: the command goes to the newest
   * proxy that needs auth, else the newest. The URL handed out is the one that same proxy announced
   * (in an `auth` event before its ack) during this request, never another connection's.
   */
  async signIn(key: string): Promise<ProxySignIn> {
    const target = this.peersOf(key).sort(
      (a, b) =>
        Number(b.bound!.state === 'needs-auth') - Number(a.bound!.state === 'needs-auth') ||
        b.bound!.boundAt - a.bound!.boundAt,
    )[0];
    if (!target) return { ok: false, message: `no proxy connected for ${key}` };
    delete target.loginUrl;
    const ack = await commandPeer(target, 'sign-in', SIGN_IN_TIMEOUT_MS);
    if (!ack.ok || !target.loginUrl)
      return { ok: false, message: ack.message ?? 'the proxy sent no sign-in URL' };
    return { ok: true, authorizationUrl: target.loginUrl };
  }

  private peersOf(key: string): Peer[] {
    return [...this.peers].filter((peer) => peer.bound?.key === key);
  }

  private accept(socket: net.Socket): void {
    const peer: Peer = { socket, messages: 0, pending: new Map(), queue: [], checking: false };
    this.peers.add(peer);
    peer.helloTimer = setTimeout(() => {
      if (!peer.bound) socket.destroy();
    }, HELLO_TIMEOUT_MS);
    peer.helloTimer.unref();
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        peer.queue.push(buffer.slice(0, newline));
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf('\n');
      }
      if (buffer.length > MAX_MESSAGE_BYTES) {
        this.options.logger.warn('control message too long; disconnecting proxy', { key: peer.bound?.key });
        socket.destroy();
        return;
      }
      this.pump(peer);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(peer.helloTimer);
      this.peers.delete(peer);
      peer.queue.length = 0;
      for (const resolve of peer.pending.values())
        resolve(refusal('unknown', 'the proxy disconnected before answering'));
      if (peer.bound) this.options.onProxyClosed?.(peer.bound.key, peer.bound.pid);
    });
  }

  /** Handles queued lines in order; stops while a `hello` is being checked (the socket pauses too). */
  private pump(peer: Peer): void {
    while (!peer.checking && peer.queue.length > 0 && !peer.socket.destroyed) {
      this.receive(peer, peer.queue.shift()!);
    }
  }

  private receive(peer: Peer, line: string): void {
    if (line.trim() === '') return;
    const parsed = parseControlLine(line);
    if (parsed.kind === 'invalid') this.invalidMessages++;
    else if (parsed.kind === 'relay') this.relay(peer, parsed.relay);
    else if (parsed.kind === 'ack') {
      if (parsed.ack.id) peer.pending.get(parsed.ack.id)?.(parsed.ack);
    } else if (parsed.event.type === 'hello') this.hello(peer, parsed.event);
    else this.handleEvent(peer, parsed.event);
  }

  /** A local command-line request: answered on the same connection; the connection is not a proxy. */
  private relay(peer: Peer, request: RelayRequest): void {
    if (peer.bound) {
      this.invalidMessages++; // a proxy does not relay
      return;
    }
    clearTimeout(peer.helloTimer);
    const handle =
      this.options.onRelay ??
      (async (): Promise<Omit<RelayAnswer, 'v' | 'type' | 'id'>> => ({
        ok: false,
        code: 'failed',
        message: 'this service does not take command-line requests',
      }));
    void handle(request)
      .catch((error: unknown) => ({ ok: false, code: 'failed' as const, message: String(error) }))
      .then((answer) => {
        if (peer.socket.destroyed) return;
        const line: RelayAnswer = {
          ...answer,
          v: CONTROL_PROTOCOL_VERSION,
          type: 'relay-answer',
          id: request.id,
        };
        peer.socket.end(`${JSON.stringify(line)}\n`);
      });
  }

  /** Binds the connection on its first `hello`; a repeat from the same proxy only refreshes it. */
  private hello(peer: Peer, event: HelloEvent): void {
    const { key } = event.server;
    if (peer.bound) {
      if (peer.bound.key !== key || peer.bound.pid !== event.pid)
        return this.refuseHello(peer, event, 'a connection speaks for one proxy only', false);
      peer.bound.upstream = event.upstream;
      return this.handleEvent(peer, event);
    }
    if (this.peersOf(key).some((other) => other.bound!.pid === event.pid))
      return this.refuseHello(peer, event, 'another connection already speaks for this proxy', true);
    peer.checking = true;
    peer.socket.pause();
    const check =
      this.options.checkPid ?? ((socket, pid) => checkClaimedPid(socket, pid, this.options.platform));
    void check(peer.socket, event.pid)
      .catch((): PeerCheck => 'unknown')
      .then((pidCheck) => {
        peer.checking = false;
        if (peer.socket.destroyed) return;
        if (pidCheck === 'not-peer')
          return this.refuseHello(
            peer,
            event,
            `pid ${event.pid} is not the process on this connection`,
            true,
          );
        // Checked again: another connection may have bound the same identity while this one waited.
        if (this.peersOf(key).some((other) => other.bound!.pid === event.pid))
          return this.refuseHello(peer, event, 'another connection already speaks for this proxy', true);
        peer.bound = {
          key,
          pid: event.pid,
          state: 'reconnecting',
          since: new Date().toISOString(),
          upstream: event.upstream,
          pidCheck,
          boundAt: Date.now(),
        };
        clearTimeout(peer.helloTimer);
        this.handleEvent(peer, event);
        peer.socket.resume();
        this.pump(peer);
      });
  }

  private refuseHello(peer: Peer, event: HelloEvent, reason: string, disconnect: boolean): void {
    this.refusedHellos++;
    this.options.logger.warn(`control socket: refused hello (${reason})`, {
      key: event.server.key,
      pid: event.pid,
    });
    if (disconnect) peer.socket.destroy();
  }

  private handleEvent(peer: Peer, event: ProxyEvent): void {
    const bound = peer.bound;
    if (!bound) {
      this.invalidMessages++; // events before hello cannot be attributed
      return;
    }
    if (event.type === 'auth' && event.kind === 'login_url' && event.authorizationUrl)
      peer.loginUrl = event.authorizationUrl;
    if (event.type === 'state') {
      bound.state = event.state;
      bound.since = new Date().toISOString();
    }
    peer.messages++;
    this.options.onProxyEvent?.(bound.key, event, bound.pid);
    const entry = journalEntry(
      { ...event, v: CONTROL_PROTOCOL_VERSION, ts: new Date().toISOString(), pid: bound.pid },
      peer.messages,
    );
    const server = { client: 'tether', scope: 'proxy', name: bound.key } as const;
    this.options.onEvent?.(
      toLogEvent(entry, server, `control-socket:${bound.key}`, classifyJournalEntry(entry.message, entry)),
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

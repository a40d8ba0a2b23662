import type { Writable } from 'node:stream';
import { JOURNAL_MAX_BYTES } from '../../shared/control-protocol-constants.js';
import { controlSocketPath, proxyCachePath, proxyJournalPath } from '../core/control-socket-path.js';
import type { Logger } from '../core/logger.js';
import { redactText } from '../core/redact.js';
import { ClientWriter } from './client-writer.js';
import { ControlClient } from './control-client.js';
import { createAgents } from './http-request.js';
import { JournalWriter } from './journal-writer.js';
import { createLineFramer, DEFAULT_MAX_LINE_BYTES } from './line-framer.js';
import { loadCache } from './list-cache.js';
import { ListKeeper } from './list-keeper.js';
import { ProxyEngine } from './proxy-engine.js';
import { Reporter } from './reporter.js';
import { SessionManager } from './session-manager.js';
import { StreamableHttpUpstream } from './transports/streamable-http-upstream.js';
import { upstreamFingerprint } from './upstream-fingerprint.js';
import { SseUpstream } from './transports/sse-upstream.js';
import { AutoUpstream } from './transports/auto-upstream.js';
import type { Upstream, UpstreamListener } from './upstream.js';
import type { UpstreamAuth } from './upstream-auth.js';
import { utcTimestamp } from './utc-timestamp.js';

/** What one proxy process is started with (the `tether proxy` options, resolved). */
export type ProxyConfig = {
  name: string;
  target:
    | { kind: 'url'; url: URL; label: string }
    | { kind: 'command'; command: string; args: string[]; label: string };
  headers: Record<string, string>;
  /** Default `auto`. */
  transport?: 'auto' | 'http' | 'sse';
  auth: UpstreamAuth;
  ipv4: boolean;
  budgetMs: number;
  /** `--startup-wait`: hold for start-up requests with nothing cached; default learned per client. */
  startupWaitMs?: number;
  /** The environment the client started the proxy with (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  deadlineMs: number;
  toolDeadlineMs: number;
  retryableTools: Set<string>;
  dataDir: string;
  version: string;
  logger: Logger;
  stdin: NodeJS.ReadableStream;
  stdout: Writable;
  /** Optional export of the proxy's events (OTLP, electron/cli/otlp-hook.ts), given by the caller. */
  telemetry?: (
    reporter: Reporter,
    info: { name: string; version: string; logger: Logger },
  ) => TelemetryHook | undefined;
};

/** What a telemetry exporter leaves running: flushed at shutdown, within its own budget. */
export type TelemetryHook = { shutdown(): Promise<void> };

/**
 * Wires one proxy process: stdin/stdout to the client, the upstream, cache, journal, control socket.
 * Resolves when the client is gone (stdin EOF) or a signal arrived, after a clean shutdown.
 */
export async function runProxy(config: ProxyConfig): Promise<void> {
  const cacheFile = proxyCachePath(config.dataDir, config.name);
  const cachePromise = loadCache(cacheFile, upstreamFingerprint(config.target.label));
  const { logger } = config;
  const journal = new JournalWriter(proxyJournalPath(config.dataDir, config.name), JOURNAL_MAX_BYTES);
  const transport =
    config.target.kind === 'command'
      ? 'stdio'
      : config.transport === 'sse'
        ? 'sse'
        : config.transport === 'http'
          ? 'streamable-http'
          : 'auto';
  const reporter = new Reporter(logger, journal, {
    type: 'hello',
    server: { name: config.name, key: config.name },
    pid: process.pid,
    upstream: config.target.label,
    transport,
    version: config.version,
    startedAt: utcTimestamp(),
  });
  const otlp = config.telemetry?.(reporter, { name: config.name, version: config.version, logger });
  // Late-bound: the listener and the session refer to parts created after them.
  const parts: { engine?: ProxyEngine; session?: SessionManager } = {};
  const listener: UpstreamListener = {
    onServerMessage: (message) => parts.engine?.fromServer(message),
    onLost: (failure) => parts.session?.markLost(failure),
    onTransportEvent: (event) => {
      switch (event.type) {
        case 'child-stderr':
          // A server may print its own token or config at start-up: its stderr passes redaction too.
          return logger.info(`[${config.name} stderr] ${redactText(event.line)}`);
        case 'dropped-stdout':
          return reporter.note(
            `${config.name}: dropped a non-JSON line from the server's stdout: ${event.line}`,
            'warn',
          );
        case 'child-exit':
          return reporter.note(
            `${config.name}: server process exited (code ${String(event.exitCode)}); restarting`,
            'warn',
          );
        case 'stream-cut':
          reporter.counters.streamCuts += 1;
          return reporter.note(
            `${config.name}: event stream cut after ${event.ageS} s; reopening${event.resumed ? ' with Last-Event-ID' : ''}`,
            'debug',
          );
        case 'idle-cut':
          return reporter.setState(
            reporter.state,
            'idle_cut',
            `${config.name}: the event stream is cut after ~${event.idleCutS} s of silence (likely an idle timeout in the path: nginx proxy_read_timeout / ALB / Cloudflare); ask the server to send SSE keep-alives`,
            { idleCutS: event.idleCutS },
            'warn',
          );
        case 'stream-unsupported':
          return reporter.note(
            `${config.name}: the server offers no event stream (HTTP ${event.httpStatus}); POST-only`,
            'debug',
          );
        case 'fallback-sse':
          return reporter.note(`${config.name}: falling back to legacy HTTP+SSE`);
      }
    },
  };
  const upstream = await createUpstream(config, listener);
  let announceAfterSignIn = false;
  let shuttingDown: Promise<void> | undefined;
  const shutdown = (): Promise<void> => (shuttingDown ??= doShutdown());
  const writer = new ClientWriter(config.stdout, () => void shutdown());
  const session = new SessionManager(
    upstream,
    reporter,
    {
      onReady: (info) => {
        // The first new session after a sign-in: announce its lists even if they equal the cache.
        if (announceAfterSignIn && info.initialize) {
          announceAfterSignIn = false;
          lists.announceEverything();
        }
        parts.engine?.onSessionReady(info);
      },
    },
    config.name,
  );
  parts.session = session;
  const lists = new ListKeeper({
    cacheFile,
    cache: await cachePromise,
    upstream,
    session,
    notifyClient: (method) => writer.write({ jsonrpc: '2.0', method }),
    clientInitialized: () => parts.engine?.isClientInitialized() ?? false,
    note: (message) => reporter.note(`${config.name}: ${message}`),
  });
  const engine = new ProxyEngine(
    {
      serverName: config.name,
      upstreamLabel: config.target.label,
      version: config.version,
      budgetMs: config.budgetMs,
      deadlineMs: config.deadlineMs,
      toolDeadlineMs: config.toolDeadlineMs,
      retryableTools: config.retryableTools,
      env: config.env ?? process.env,
      ...(config.startupWaitMs !== undefined ? { startupWaitMs: config.startupWaitMs } : {}),
    },
    upstream,
    session,
    lists,
    writer,
    reporter,
  );
  parts.engine = engine;
  const framer = createLineFramer({
    onLine: (line) => parts.engine?.onClientLine(line),
    onOversize: (bytes, head) => parts.engine?.onClientOversize(bytes, head, DEFAULT_MAX_LINE_BYTES),
  });
  config.stdin.on('data', (chunk: Buffer) => framer.push(chunk));
  reporter.start();
  const stopAuthEvents = config.auth.events?.on(({ serverKey: _key, ...event }) => reporter.auth(event));
  // A sign-in (here, in `tether auth`, or another proxy) makes a fresh session with the client's own
  // initialize params, and the client is told to re-list: it may have seen only auth_required so far.
  const stopCredentialWatch = config.auth.onCredentialsChanged?.(({ reason }) => {
    if (reason !== 'signed_in') return;
    announceAfterSignIn = true;
    void parts.session?.reset('signed_in');
  });

  // Control socket: live events for the service, commands back. Started after stdin is wired.
  const control = new ControlClient({
    socketPath: controlSocketPath(config.dataDir),
    greeting: () => reporter.greeting(parts.engine?.inFlight ?? 0),
    onCommand: async (command) => {
      if (command.command === 'sign-in') return signIn(config);
      if (command.command === 'reconnect') parts.session?.reconnectNow({ reinitialize: true });
      // check-upstream (wake, network change): the same as the proxy's own clock-jump check.
      else if (command.command === 'check-upstream') parts.session?.reconnectNow();
      else
        await parts.session?.reset(
          command.command === 'restart-child' ? 'restart_requested' : 'session_reset_requested',
        );
      return { ok: true };
    },
  });
  reporter.attachControl(control);
  control.start();
  const metricsTimer = setInterval(() => engine && reporter.metrics(engine.inFlight), 60_000);
  metricsTimer.unref();
  session.startWatchdogs({ idlePing: config.target.kind !== 'command' });

  // One stray exception or rejection must not end a process that is meant never to exit: say it,
  // journal it, keep serving.
  const onStray = (error: unknown): void => reporter.internalError(error, config.name);
  process.on('uncaughtException', onStray);
  process.on('unhandledRejection', onStray);

  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  /**
   * Data first, courtesy last: a client may follow SIGTERM with SIGKILL within milliseconds (Codex:
   * ~6 ms). Cache and journal lines are written when their event happens (list-keeper.ts,
   * journal-writer.ts); here the in-flight requests and "proxy stopped" are journaled synchronously
   * before anything is awaited, and only then the upstream is told (cancellations, DELETE, ≤2.5 s).
   */
  async function doShutdown(): Promise<void> {
    clearInterval(metricsTimer);
    stopCredentialWatch?.();
    stopAuthEvents?.();
    const cancelling = parts.engine?.shutdown();
    parts.session?.close();
    reporter.setState(reporter.state, 'shutdown', `${config.name}: proxy stopped`, undefined);
    await cancelling;
    await Promise.race([
      Promise.all([upstream.close(), config.auth.close?.()]),
      new Promise((resolve) => setTimeout(resolve, 2500)),
    ]);
    await Promise.all([writer.flush(), otlp?.shutdown()]);
    control.close();
    journal.close();
    process.off('uncaughtException', onStray);
    process.off('unhandledRejection', onStray);
    done();
  }
  config.stdin.on('end', () => void shutdown());
  config.stdin.on('close', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
  await finished;
}

/** Service command `sign-in`: the URL itself goes out as an `auth` event of kind `login_url`. */
async function signIn(config: ProxyConfig): Promise<{ ok: boolean; message?: string }> {
  if (!config.auth.signIn) return { ok: false, message: `${config.name} has no OAuth sign-in (use --oauth)` };
  const outcome = await config.auth.signIn();
  return 'error' in outcome ? { ok: false, message: outcome.error } : { ok: true };
}

async function createUpstream(config: ProxyConfig, listener: UpstreamListener): Promise<Upstream> {
  const { target } = config;
  if (target.kind === 'command') {
    // Loaded only for a local child: `node:child_process` costs an HTTP proxy RSS it never uses.
    const { StdioUpstream } = await import('./transports/stdio-upstream.js');
    return new StdioUpstream(target.command, target.args, listener);
  }
  const options = {
    url: target.url,
    agents: createAgents({ ipv4: config.ipv4 }),
    staticHeaders: config.headers,
    auth: config.auth,
    listener,
  };
  if (config.transport === 'sse') return new SseUpstream(options);
  if (config.transport === 'http') return new StreamableHttpUpstream(options);
  return new AutoUpstream(new StreamableHttpUpstream(options), new SseUpstream(options), listener);
}

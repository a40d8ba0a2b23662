import path from 'node:path';
import type { ProxySignIn } from '../../../shared/api-contract.js';
import type { LogEvent } from '../../../shared/log-events.js';
import type { ServerTimeline } from '../../../shared/timeline-model.js';
import { ControlHub, type HubOptions } from '../hub/control-hub.js';
import type { Logger } from '../logger.js';
import { LogTailer } from '../logs/log-tailer.js';
import type { PathEnv } from '../paths.js';
import { TimelineBuilder } from './build-timelines.js';

export type LiveTimelinesOptions = {
  dataDir: string;
  pathEnv: PathEnv;
  logger: Logger;
  /** Every new event (appended client log lines, proxy events over the control socket); not history. */
  onEvent: (event: LogEvent) => void;
  /** Log files modified within this window are followed (default 7 days). */
  windowMs?: number;
  /** History replayed at start, newest files first (default 64 MiB in total). */
  backfillBytes?: number;
  /**
   * Fallback poll of every followed file; fs events usually arrive first (default 5 s: a stat of every
   * file each poll is most of an idle service's cost, test/bench/status-idle.bench.ts).
   */
  pollMs?: number;
  /** The proxies' raw events and departures (the metrics count from them); only for a hub made here. */
  proxyHooks?: Pick<HubOptions, 'onProxyEvent' | 'onProxyClosed'>;
  /**
   * The control hub, started and stopped by its owner (the service), whose `onEvent` calls `ingest`.
   * Without it, one is made, started and stopped here (tests of the timelines alone).
   */
  hub?: ControlHub;
};

export const DEFAULT_LOG_WINDOW_MS = 7 * 24 * 3600 * 1000;
const DEFAULT_BACKFILL_BYTES = 64 * 1024 * 1024;
/** The service follows at most this many files (newest first); the CLI's one-shot scans go wider. */
const MAX_FOLLOWED_FILES = 500;

/** `<dataDir>/logs/offsets.json`: where the service's tail offsets survive restarts. */
export function offsetsFile(dataDir: string): string {
  return path.join(dataDir, 'logs', 'offsets.json');
}

/**
 * The service's live view of every server: the client logs followed by a tailer (offsets kept across
 * restarts, history replayed at start so timelines are whole), the proxies' events from the control
 * hub, and one timeline builder fed by both.
 */
export class LiveTimelines {
  private readonly builder = new TimelineBuilder();
  private readonly hub: ControlHub;
  private readonly ownsHub: boolean;
  private readonly tailer: LogTailer;
  private hubListening = false;

  constructor(private readonly options: LiveTimelinesOptions) {
    const live = (event: LogEvent): void => this.ingest(event);
    this.ownsHub = options.hub === undefined;
    this.hub =
      options.hub ??
      new ControlHub({
        ...options.proxyHooks,
        dataDir: options.dataDir,
        logger: options.logger,
        onEvent: live,
      });
    this.tailer = new LogTailer({
      scope: { pathEnv: options.pathEnv, dataDir: options.dataDir, maxFiles: MAX_FOLLOWED_FILES },
      stateFile: offsetsFile(options.dataDir),
      startAtEnd: true,
      backfillBytes: options.backfillBytes ?? DEFAULT_BACKFILL_BYTES,
      windowMs: options.windowMs ?? DEFAULT_LOG_WINDOW_MS,
      watch: true,
      pollMs: options.pollMs ?? 5000,
      rescanMs: 30_000,
      onEvent: (event, { backfill }) => {
        if (backfill) this.builder.add(event);
        // A proxy connected to this hub sends every event over the socket and journals the same event:
        // its journal lines, tailed as they are written, would count each call twice.
        else if (event.server.client !== 'tether' || !this.hub.liveStates().has(event.server.name))
          live(event);
      },
      onError: (file, error) => options.logger.warn('log tail failed', { file, error: String(error) }),
    });
  }

  /** A new event from outside the tailer (the hub, an action): into the timelines, then to listeners. */
  ingest(event: LogEvent): void {
    this.builder.add(event);
    this.options.onEvent(event);
  }

  /** A past event (replayed at start): into the timelines only. */
  replay(event: LogEvent): void {
    this.builder.add(event);
  }

  async start(): Promise<void> {
    if (!this.ownsHub) return this.tailer.start();
    try {
      await this.hub.start();
      this.hubListening = true;
    } catch (error) {
      // Another service (the desktop app next to `tether serve`) owns the socket: logs still work.
      this.options.logger.warn('control socket not started', { error: String(error) });
    }
    await this.tailer.start();
  }

  async stop(): Promise<void> {
    await this.tailer.stop();
    if (this.ownsHub && this.hubListening) await this.hub.stop();
  }

  /** Asks the proxy of `key` (connected to this service's control socket) to prepare a sign-in. */
  async signIn(key: string): Promise<ProxySignIn> {
    if (!this.hubListening) return { ok: false, message: 'this service does not own the control socket' };
    return this.hub.signIn(key);
  }

  /** Every server's timeline now, live proxy states applied. */
  timelines(nowMs?: number): ServerTimeline[] {
    return this.builder.build({
      live: this.hub.liveStates(),
      ...(nowMs === undefined ? {} : { nowMs }),
    });
  }
}

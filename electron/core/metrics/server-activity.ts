import type { MetricsEvent, ProxyEvent, StateEvent } from '../../../shared/control-protocol.js';
import type { LogEvent, ServerIdentity as LogServerIdentity } from '../../../shared/log-events.js';
import type { CounterId, HistogramId } from './metric-catalog.js';

/**
 * Which server an observation belongs to, before it is labelled: a proxy (by its key, as it says in
 * `hello`) or a server seen in a client's own logs (by the identity the log reader gave it).
 */
export type ActivityRef = { proxyKey: string } | { log: LogServerIdentity };

/** Where counted and timed facts go (the collector resolves labels and fans out to exporters). */
export type ActivitySink = {
  count(metric: CounterId, ref: ActivityRef, by: number, outcome?: string): void;
  observe(metric: HistogramId, ref: ActivityRef, value: number): void;
};

/** One running proxy as the ledger knows it. */
export type ProxyReading = {
  key: string;
  pid: number;
  /** Lowest number free when the proxy appeared; stable for its life (a bounded label). */
  slot: number;
  rssBytes?: number;
};

type Reconciled = Pick<MetricsEvent, 'reconnects' | 'streamCuts' | 'reinits'>;

type ProxyTrack = ProxyReading & {
  /** What was counted for this proxy so far, from its events; its `metrics` reports catch up to it. */
  counted: Reconciled;
  connectedSinceMs?: number;
  running: boolean;
  /** After `hello` the proxy re-sends its last state: a replay, not a new recovery. */
  replaying: boolean;
};

/** Closed proxies remembered (their counts), so a proxy that reconnects its socket is not counted twice. */
const MAX_CLOSED_PROXIES = 1000;

const RECONCILED: Array<[keyof Reconciled, CounterId]> = [
  ['reconnects', 'reconnects'],
  ['streamCuts', 'streamCuts'],
  ['reinits', 'sessionReinits'],
];

/**
 * Turns what proxies and client logs report into counter increments and histogram observations.
 *
 * Counters are event-driven because a histogram cannot be rebuilt from a timeline's summaries and
 * OpenTelemetry has no observable histogram: every exporter must see each call as it ends. A proxy's
 * state events count reconnects and re-initializations at once; its periodic `metrics` reports carry
 * cumulative counters (stream cuts are only there), and whatever they hold beyond what was counted is
 * added then, so nothing is counted twice and nothing is lost while the socket was down. Client-log
 * events of the `tether` client (proxy journals) are skipped: the live proxy events already say it.
 */
export class ServerActivity {
  private readonly proxies = new Map<string, ProxyTrack>();
  private readonly idleCutS = new Map<string, number>();

  constructor(
    private readonly sink: ActivitySink,
    private readonly nowMs: () => number = Date.now,
  ) {}

  /** One validated proxy event from the control socket (or, in a standalone proxy, its own). */
  proxyEvent(key: string, pid: number, event: ProxyEvent): void {
    const track = this.track(key, pid);
    const ref = { proxyKey: key };
    switch (event.type) {
      case 'hello':
        track.replaying = true;
        return;
      case 'state':
        return this.state(track, ref, event);
      case 'activity':
        if (event.method !== 'tools/call') return;
        this.sink.count('toolCalls', ref, 1, event.outcome);
        this.sink.observe('toolDuration', ref, event.durationMs / 1000);
        return;
      case 'metrics':
        if (event.rssBytes !== undefined) track.rssBytes = event.rssBytes;
        for (const [field, metric] of RECONCILED) {
          const extra = event[field] - track.counted[field];
          if (extra > 0) {
            this.sink.count(metric, ref, extra);
            track.counted[field] = event[field];
          }
        }
        return;
      default:
        return;
    }
  }

  /** The proxy's control connection closed: it exited (or lost the socket; it says hello again). */
  proxyClosed(key: string, pid: number): void {
    const track = this.proxies.get(trackKey(key, pid));
    if (!track) return;
    track.running = false;
    track.slot = -1;
    const closed = [...this.proxies].filter(([, candidate]) => !candidate.running);
    for (const [id] of closed.slice(0, Math.max(0, closed.length - MAX_CLOSED_PROXIES)))
      this.proxies.delete(id);
  }

  /** A normalized client-log event (electron/core/logs/); proxy journals are ignored (see class doc). */
  logEvent(event: LogEvent): void {
    if (event.server.client === 'tether') return;
    const ref = { log: event.server };
    switch (event.kind) {
      case 'reconnecting':
        return this.sink.count('reconnects', ref, 1);
      case 'session_expired':
        return this.sink.count('sessionReinits', ref, 1);
      case 'disconnected':
        if (!event.final) this.sink.count('streamCuts', ref, 1);
        if (!event.clean && event.uptimeS !== undefined)
          this.sink.observe('connectionUptime', ref, event.uptimeS);
        return;
      case 'tool_ok':
      case 'tool_error':
        this.sink.count('toolCalls', ref, 1, event.kind === 'tool_ok' ? 'ok' : 'error');
        if (event.ms !== undefined) this.sink.observe('toolDuration', ref, event.ms / 1000);
        return;
      default:
        return;
    }
  }

  /** Every running proxy with its slot and last reported RSS. */
  runningProxies(): ProxyReading[] {
    return [...this.proxies.values()]
      .filter((track) => track.running)
      .map(({ key, pid, slot, rssBytes }) => ({
        key,
        pid,
        slot,
        ...(rssBytes === undefined ? {} : { rssBytes }),
      }));
  }

  /** The idle timeout each proxy key detected last, in seconds. */
  idleCuts(): ReadonlyMap<string, number> {
    return this.idleCutS;
  }

  private state(track: ProxyTrack, ref: ActivityRef, event: StateEvent): void {
    if (event.reason === 'idle_cut' && event.details?.idleCutS !== undefined)
      this.idleCutS.set(track.key, event.details.idleCutS);
    // Recoveries, as the proxy counts them (session-manager.ts onConnected): every reconnect after
    // the first connect; `reinitialized` is one that needed a new session.
    const replay = track.replaying;
    track.replaying = false;
    if (!replay && (event.reason === 'reconnected' || event.reason === 'reinitialized')) {
      this.countNow(track, ref, 'reconnects');
      if (event.reason === 'reinitialized') this.countNow(track, ref, 'reinits');
    }
    if (event.state === 'connected') {
      track.connectedSinceMs ??= this.nowMs();
    } else if (track.connectedSinceMs !== undefined) {
      this.sink.observe('connectionUptime', ref, (this.nowMs() - track.connectedSinceMs) / 1000);
      track.connectedSinceMs = undefined;
    }
  }

  private countNow(track: ProxyTrack, ref: ActivityRef, field: keyof Reconciled): void {
    track.counted[field] += 1;
    this.sink.count(RECONCILED.find(([name]) => name === field)![1], ref, 1);
  }

  private track(key: string, pid: number): ProxyTrack {
    const id = trackKey(key, pid);
    let track = this.proxies.get(id);
    if (!track) {
      track = {
        key,
        pid,
        slot: -1,
        counted: { reconnects: 0, streamCuts: 0, reinits: 0 },
        running: false,
        replaying: false,
      };
      this.proxies.set(id, track);
    }
    if (!track.running) {
      const taken = new Set(
        [...this.proxies.values()].filter((p) => p.key === key && p.running).map((p) => p.slot),
      );
      let slot = 0;
      while (taken.has(slot)) slot++;
      track.slot = slot;
      track.running = true;
    }
    return track;
  }
}

function trackKey(key: string, pid: number): string {
  return `${key}\u0000${pid}`;
}

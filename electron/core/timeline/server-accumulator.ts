import { serverIdentityKey, type LogEvent, type ServerIdentity } from '../../../shared/log-events.js';
import type {
  Connection,
  ServerTimeline,
  StreamCut,
  TimelineCounters,
} from '../../../shared/timeline-model.js';
import type { MeasuredCut } from './cut-clock.js';
import { Sample, summarize } from './distribution.js';
import { ProxyRuns } from './proxy-runs.js';
import { StreamTracker } from './stream-tracker.js';

/** Bounds that keep a timeline small whatever the log volume. */
export const TIMELINE_LIMITS = {
  connections: 500,
  events: 400,
  stderr: 20,
  toolsListed: 50,
  files: 200,
  cuts: 500,
};

const ZERO_COUNTERS: TimelineCounters = {
  connectAttempts: 0,
  connects: 0,
  connectFailures: 0,
  disconnects: 0,
  uncleanDisconnects: 0,
  drops: 0,
  reconnects: 0,
  sessionExpired: 0,
  authRequired: 0,
  timeouts: 0,
  toolCalls: 0,
  toolOk: 0,
  toolErrors: 0,
  stderrLines: 0,
  errors: 0,
  malformed: 0,
};

/**
 * Everything one server's events add up to, kept within TIMELINE_LIMITS.
 *
 * Events may come in any file order (each file in its own order): lists are kept by their own
 * timestamps, and the counters add up what each stream's tracker says an event did, so they agree
 * with each other whatever the logs look like (connects ≤ attempts, outcomes ≤ calls, …).
 */
export class ServerAccumulator {
  readonly key: string;
  readonly counters: TimelineCounters = { ...ZERO_COUNTERS };
  readonly connections: Connection[] = [];
  readonly events: LogEvent[] = [];
  readonly stderrTail: string[] = [];
  readonly toolsListed: Array<{ time: string; count: number }> = [];
  readonly httpStatuses: Record<string, number> = {};
  readonly sessions = new Set<string>();
  readonly files = new Set<string>();
  readonly uptime = new Sample();
  readonly cuts: StreamCut[] = [];
  readonly latency = new Sample();
  /** Proxy journals only: the runs of the proxy processes. */
  readonly proxyRuns: ProxyRuns | undefined;
  /** The last event of each kind-group that decides status, by time. */
  readonly lastOf = new Map<string, LogEvent>();
  private readonly streams = new Map<string, StreamTracker>();
  private lastStream: StreamTracker | undefined;
  private lastStreamFile = '';
  private lastStreamSession = '';
  firstSeen: string | undefined;
  lastSeen: string | undefined;
  /** Newest event that says something about the server itself (Tether's own action records do not). */
  lastEvidence: string | undefined;

  constructor(readonly server: ServerIdentity) {
    this.key = serverIdentityKey(server);
    if (server.client === 'tether') this.proxyRuns = new ProxyRuns();
  }

  /** True while any of this server's log streams has an open connection. */
  hasOpenConnection(): boolean {
    return [...this.streams.values()].some((stream) => stream.isOpen());
  }

  add(event: LogEvent): void {
    if (!this.firstSeen || event.time < this.firstSeen) this.firstSeen = event.time;
    if (!this.lastSeen || event.time > this.lastSeen) this.lastSeen = event.time;
    const isEvidence = !(event.kind === 'info' && event.tetherAction !== undefined);
    if (isEvidence && (!this.lastEvidence || event.time > this.lastEvidence)) this.lastEvidence = event.time;
    if (event.session) this.sessions.add(event.session);
    this.proxyRuns?.add(event);
    const c = this.counters;
    const effects = this.streamOf(event).handle(event);
    if (effects.attempts) c.connectAttempts += effects.attempts;
    if (effects.failures) c.connectFailures += effects.failures;
    if (effects.calls) c.toolCalls += effects.calls;
    if (effects.opened) {
      c.connects++;
      this.keepNewest(this.connections, effects.opened, TIMELINE_LIMITS.connections, byStart);
    }
    if (effects.disconnect) {
      c.disconnects++;
      if (effects.closed?.clean === false) c.uncleanDisconnects++;
    }
    if (effects.amendedUnclean) c.uncleanDisconnects++;
    if (effects.closed?.uptimeS !== undefined && effects.disconnect) this.uptime.add(effects.closed.uptimeS);
    for (const cut of effects.cuts ?? []) this.addCut(cut);
    this.count(event);
    if (event.kind !== 'server_stderr' && event.level !== 'debug')
      this.keepNewest(this.events, event, TIMELINE_LIMITS.events, byTime);
    const group = statusGroup(event);
    const previous = this.lastOf.get(group);
    if (!previous || event.time >= previous.time) this.lastOf.set(group, event);
  }

  /** The connection still open in each stream (newest last). */
  openConnections(): Connection[] {
    return [...this.streams.values()]
      .map((stream) => stream.openConnection())
      .filter((connection): connection is Connection => connection !== undefined)
      .sort(byStart);
  }

  private addCut(cut: MeasuredCut): void {
    this.keepNewest(
      this.cuts,
      {
        ageS: cut.ageS,
        time: cut.event.time,
        file: cut.event.source.file,
        line: cut.event.source.line,
        message: cut.event.message.split('\n')[0]!.slice(0, 300),
        from: cut.from,
      },
      TIMELINE_LIMITS.cuts,
      byTime,
    );
  }

  /** One tracker per (file, session); consecutive events nearly always share it, so it is cached. */
  private streamOf(event: LogEvent): StreamTracker {
    const file = event.source.file;
    const session = event.session ?? '';
    if (this.lastStream && file === this.lastStreamFile && session === this.lastStreamSession)
      return this.lastStream;
    if (this.files.size < TIMELINE_LIMITS.files) this.files.add(file);
    const streamKey = `${file}\u0000${session}`;
    let stream = this.streams.get(streamKey);
    if (!stream) this.streams.set(streamKey, (stream = new StreamTracker(file)));
    this.lastStream = stream;
    this.lastStreamFile = file;
    this.lastStreamSession = session;
    return stream;
  }

  /** Counts what the event is by itself; what it does to a connection comes from its stream's tracker. */
  private count(event: LogEvent): void {
    const c = this.counters;
    switch (event.kind) {
      case 'connect_failed':
        if (event.httpStatus !== undefined) this.countStatus(event.httpStatus);
        break;
      case 'disconnected':
        if (!event.final) c.drops++;
        break;
      case 'reconnecting':
        c.reconnects++;
        break;
      case 'session_expired':
        c.sessionExpired++;
        break;
      case 'auth_required':
        c.authRequired++;
        break;
      case 'timeout':
        c.timeouts++;
        break;
      case 'tool_ok':
        c.toolOk++;
        if (event.ms !== undefined) this.latency.add(event.ms);
        break;
      case 'tool_error':
        c.toolErrors++;
        break;
      case 'tools_listed':
        this.keepNewest(
          this.toolsListed,
          { time: event.time, count: event.count },
          TIMELINE_LIMITS.toolsListed,
          byTime,
        );
        break;
      case 'server_stderr':
        c.stderrLines++;
        this.push(
          this.stderrTail,
          event.message.replace(/^Server stderr:\s*/, '').trimEnd(),
          TIMELINE_LIMITS.stderr,
        );
        break;
      case 'error':
        c.errors++;
        if (event.httpStatus !== undefined) this.countStatus(event.httpStatus);
        break;
      default:
        break;
    }
  }

  private countStatus(status: number): void {
    this.httpStatuses[status] = (this.httpStatuses[status] ?? 0) + 1;
  }

  private push<T>(list: T[], item: T, limit: number): void {
    list.push(item);
    if (list.length > limit) list.shift();
  }

  /**
   * Appends to a list kept in time order: appending is the common case (files are read in order); an
   * item older than the tail (another file's story) is inserted where it belongs. Over the limit, the
   * oldest go.
   */
  private keepNewest<T>(list: T[], item: T, limit: number, order: (a: T, b: T) => number): void {
    if (list.length >= limit && order(item, list[0]!) < 0) return; // older than everything kept
    let index = list.length;
    while (index > 0 && order(list[index - 1]!, item) > 0) index--;
    if (index === list.length) list.push(item);
    else list.splice(index, 0, item);
    if (list.length > limit) list.shift();
  }

  /** A snapshot; status fields are filled by the caller (see infer-status.ts). */
  snapshot(): Omit<ServerTimeline, 'status' | 'inferred' | 'statusReason'> {
    const cuts = [...this.cuts];
    for (const stream of this.streams.values()) {
      const pending = stream.pendingCut();
      if (pending)
        cuts.push({
          ageS: pending.ageS,
          time: pending.event.time,
          file: pending.event.source.file,
          line: pending.event.source.line,
          message: pending.event.message.split('\n')[0]!.slice(0, 300),
          from: pending.from,
        });
    }
    cuts.sort(byTime);
    const ages = cuts.map((cut) => cut.ageS);
    return {
      key: this.key,
      server: this.server,
      ...(this.firstSeen ? { firstSeen: this.firstSeen } : {}),
      ...(this.lastSeen ? { lastSeen: this.lastSeen } : {}),
      connections: this.connections.map((connection) => ({ ...connection })),
      counters: { ...this.counters },
      uptimeS: this.uptime.summary(),
      disconnectAgesS: ages,
      disconnectAge: summarize(ages),
      cuts,
      toolLatencyMs: this.latency.summary(),
      toolsListed: [...this.toolsListed],
      httpStatuses: { ...this.httpStatuses },
      stderrTail: [...this.stderrTail],
      sessions: [...this.sessions],
      files: [...this.files],
      events: [...this.events],
    };
  }
}

const byTime = (a: { time: string }, b: { time: string }): number =>
  a.time < b.time ? -1 : a.time > b.time ? 1 : 0;
const byStart = (a: Connection, b: Connection): number =>
  a.start < b.start ? -1 : a.start > b.start ? 1 : 0;

/** Groups kinds whose latest occurrence competes to decide the status. */
function statusGroup(event: LogEvent): string {
  switch (event.kind) {
    case 'tool_call':
    case 'tool_ok':
    case 'tool_error':
    case 'server_stderr':
    case 'tools_listed':
    case 'info':
      return 'activity';
    default:
      return 'lifecycle';
  }
}

import { serverIdentityKey, type LogEvent, type ServerIdentity } from '../../../shared/log-events.js';
import type { Connection, ServerTimeline, TimelineCounters } from '../../../shared/timeline-model.js';
import { Sample } from './distribution.js';
import { StreamTracker } from './stream-tracker.js';

/** Bounds that keep a timeline small whatever the log volume. */
export const TIMELINE_LIMITS = { connections: 500, events: 400, stderr: 20, toolsListed: 50, files: 200 };

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

/** Everything one server's events add up to, kept within TIMELINE_LIMITS. */
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
  readonly ages = new Sample(500);
  readonly latency = new Sample();
  /** The last event of each kind-group that decides status, by time. */
  readonly lastOf = new Map<string, LogEvent>();
  private readonly streams = new Map<string, StreamTracker>();
  private lastStream: StreamTracker | undefined;
  private lastStreamFile = '';
  private lastStreamSession = '';
  firstSeen: string | undefined;
  lastSeen: string | undefined;

  constructor(readonly server: ServerIdentity) {
    this.key = serverIdentityKey(server);
  }

  /** True while any of this server's log streams has an open connection. */
  hasOpenConnection(): boolean {
    return [...this.streams.values()].some((stream) => stream.isOpen());
  }

  add(event: LogEvent): void {
    if (!this.firstSeen || event.time < this.firstSeen) this.firstSeen = event.time;
    if (!this.lastSeen || event.time > this.lastSeen) this.lastSeen = event.time;
    if (event.session) this.sessions.add(event.session);
    const effects = this.streamOf(event).handle(event);
    if (effects.newAttempt) this.counters.connectAttempts++;
    if (effects.opened) {
      this.counters.connects++;
      this.push(this.connections, effects.opened, TIMELINE_LIMITS.connections);
    }
    if (effects.closed?.uptimeS !== undefined) this.uptime.add(effects.closed.uptimeS);
    if (effects.cutAgeS !== undefined) this.ages.add(effects.cutAgeS);
    this.count(event, effects.newAttemptFailed === true);
    if (event.kind !== 'server_stderr' && event.level !== 'debug')
      this.push(this.events, event, TIMELINE_LIMITS.events);
    this.lastOf.set(statusGroup(event), event);
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

  private count(event: LogEvent, firstFailureOfAttempt: boolean): void {
    const c = this.counters;
    switch (event.kind) {
      case 'connect_failed':
        if (firstFailureOfAttempt) c.connectFailures++;
        if (event.httpStatus !== undefined) this.countStatus(event.httpStatus);
        break;
      case 'disconnected':
        if (event.final) c.disconnects++;
        if (event.final && !event.clean) c.uncleanDisconnects++;
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
      case 'tool_call':
        c.toolCalls++;
        break;
      case 'tool_ok':
        c.toolOk++;
        if (event.ms !== undefined) this.latency.add(event.ms);
        break;
      case 'tool_error':
        c.toolErrors++;
        break;
      case 'tools_listed':
        this.push(this.toolsListed, { time: event.time, count: event.count }, TIMELINE_LIMITS.toolsListed);
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

  /** A snapshot; status fields are filled by the caller (see infer-status.ts). */
  snapshot(): Omit<ServerTimeline, 'status' | 'inferred' | 'statusReason'> {
    return {
      key: this.key,
      server: this.server,
      ...(this.firstSeen ? { firstSeen: this.firstSeen } : {}),
      ...(this.lastSeen ? { lastSeen: this.lastSeen } : {}),
      connections: this.connections.map((connection) => ({ ...connection })),
      counters: { ...this.counters },
      uptimeS: this.uptime.summary(),
      disconnectAgesS: this.ages.list(),
      disconnectAge: this.ages.summary(),
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

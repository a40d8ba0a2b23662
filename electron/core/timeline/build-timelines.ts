import { serverKey } from '../../../shared/control-protocol.js';
import { serverIdentityKey, type LogEvent } from '../../../shared/log-events.js';
import type { ProxySummary, ServerStatus, ServerTimeline } from '../../../shared/timeline-model.js';
import { scanLogs, type LogScope, type ScanSummary } from '../logs/scan-logs.js';
import { inferStatus } from './infer-status.js';
import { ServerAccumulator } from './server-accumulator.js';

/** Live proxy state from the control socket (electron/core/hub/), keyed by proxy server key. */
export type LiveProxyState = {
  key: string;
  state: ServerStatus;
  since: string;
  upstream?: string;
  pid?: number;
  /** How many proxies of this key are connected now (one per client session; the state is their worst). */
  proxies?: number;
};

export type BuildOptions = {
  /** "Now" for recency decisions; injected so tests are deterministic. */
  nowMs?: number;
  live?: ReadonlyMap<string, LiveProxyState>;
};

/**
 * Incremental timeline builder: feed events in any file order (each file in its own order), then
 * `build()` as often as needed. Memory is bounded per server (TIMELINE_LIMITS).
 */
export class TimelineBuilder {
  private readonly servers = new Map<string, ServerAccumulator>();

  private lastServer: LogEvent['server'] | undefined;
  private lastAccumulator: ServerAccumulator | undefined;

  add(event: LogEvent): void {
    // Readers hand out one identity object per file, so the key is computed once per run of events.
    if (event.server !== this.lastServer || !this.lastAccumulator) {
      const key = serverIdentityKey(event.server);
      let acc = this.servers.get(key);
      if (!acc) this.servers.set(key, (acc = new ServerAccumulator(event.server)));
      this.lastServer = event.server;
      this.lastAccumulator = acc;
    }
    this.lastAccumulator.add(event);
  }

  /** Counts malformed lines against a server, when a reader could attribute them. */
  addMalformed(key: string, count: number): void {
    const acc = this.servers.get(key);
    if (acc) acc.counters.malformed += count;
  }

  build(options: BuildOptions = {}): ServerTimeline[] {
    const nowMs = options.nowMs ?? Date.now();
    const proxies = new Map<string, ProxySummary>();
    const timelines: ServerTimeline[] = [];
    for (const acc of this.servers.values()) {
      const inferred = inferStatus(acc, nowMs);
      const timeline: ServerTimeline = {
        ...acc.snapshot(),
        status: inferred.status,
        inferred: true,
        statusReason: inferred.reason,
      };
      if (acc.server.client === 'tether') {
        const summary = proxySummary(timeline, options.live?.get(acc.server.name));
        proxies.set(summary.key, summary);
        applyProxy(timeline, summary);
      }
      timelines.push(timeline);
    }
    for (const [key, live] of options.live ?? []) {
      if (!proxies.has(key))
        proxies.set(key, {
          key,
          live: true,
          state: live.state,
          since: live.since,
          streamCuts: 0,
          reinits: 0,
        });
    }
    for (const timeline of timelines) {
      if (timeline.server.client === 'tether') continue;
      const proxy = proxies.get(serverKey(timeline.server.name));
      if (proxy) applyProxy(timeline, proxy);
    }
    return timelines.sort(
      (a, b) => a.server.name.localeCompare(b.server.name) || a.server.client.localeCompare(b.server.client),
    );
  }
}

/** Reads the logs of `scope` and builds every server's timeline (the CLI's and the bundle's entry point). */
export async function buildTimelines(
  scope: LogScope,
  options: BuildOptions = {},
): Promise<{ timelines: ServerTimeline[]; scan: ScanSummary }> {
  const builder = new TimelineBuilder();
  const scan = await scanLogs(scope, (event) => builder.add(event));
  return { timelines: builder.build(options), scan };
}

/** Builds timelines from events already in memory (tests, the hub's live feed). */
export function timelinesFromEvents(
  events: Iterable<LogEvent>,
  options: BuildOptions = {},
): ServerTimeline[] {
  const builder = new TimelineBuilder();
  for (const event of events) builder.add(event);
  return builder.build(options);
}

const STATE_BY_KIND: Partial<Record<LogEvent['kind'], ServerStatus>> = {
  connected: 'connected',
  reconnecting: 'reconnecting',
  session_expired: 'session-expired',
  auth_required: 'needs-auth',
  connect_failed: 'upstream-down',
  error: 'degraded',
};

function proxySummary(timeline: ServerTimeline, live: LiveProxyState | undefined): ProxySummary {
  const lastState = [...timeline.events].reverse().find((event) => STATE_BY_KIND[event.kind] !== undefined);
  const hello = [...timeline.events].reverse().find((event) => event.kind === 'connecting');
  const upstream = hello ? / for (.+) \[/.exec(hello.message)?.[1] : undefined;
  return {
    key: timeline.server.name,
    live: live !== undefined,
    ...(live
      ? { state: live.state, since: live.since }
      : lastState
        ? { state: STATE_BY_KIND[lastState.kind]!, since: lastState.time }
        : {}),
    ...((live?.upstream ?? upstream) ? { upstream: live?.upstream ?? upstream } : {}),
    ...((live?.pid ?? (hello?.session ? Number(hello.session) : undefined)) !== undefined
      ? { pid: live?.pid ?? Number(hello!.session) }
      : {}),
    streamCuts: timeline.counters.drops,
    reinits: timeline.counters.sessionExpired,
    ...(timeline.lastSeen ? { lastEventAt: timeline.lastSeen } : {}),
  };
}

/** A wrapped server's status comes from its proxy, not from inference. */
function applyProxy(timeline: ServerTimeline, proxy: ProxySummary): void {
  timeline.proxy = proxy;
  if (proxy.state) {
    timeline.status = proxy.state as ServerStatus;
    timeline.inferred = false;
    timeline.statusReason = `${proxy.live ? 'live proxy' : 'proxy journal'}: ${proxy.state} since ${proxy.since ?? '?'}`;
  }
}

import { serverKey } from '../../../shared/control-protocol.js';
import { serverIdentityKey, type LogEvent } from '../../../shared/log-events.js';
import type { ProxySummary, ServerTimeline } from '../../../shared/timeline-model.js';
import { scanLogs, type LogScope, type ScanSummary } from '../logs/scan-logs.js';
import { inferStatus } from './infer-status.js';
import {
  applyProxy,
  processIsAlive,
  proxySummaryOf,
  type LiveProxyState,
  type PidProbe,
} from './proxy-status.js';
import { ServerAccumulator } from './server-accumulator.js';

export type { LiveProxyState, PidProbe } from './proxy-status.js';

/** The clock, live proxy states and pid probe buildTimelines judges status with. */
export type BuildOptions = {
  /** "Now" for recency decisions; injected so tests are deterministic. */
  nowMs?: number;
  live?: ReadonlyMap<string, LiveProxyState>;
  /** Whether a proxy's pid still runs (default: ask the operating system). */
  pidAlive?: PidProbe;
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
        const summary = proxySummaryOf(
          acc,
          timeline,
          options.live?.get(acc.server.name),
          nowMs,
          options.pidAlive ?? processIsAlive,
        );
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
          running: true,
          ...(live.pid === undefined ? {} : { pid: live.pid }),
          ...(live.upstream === undefined ? {} : { upstream: live.upstream }),
        });
    }
    for (const timeline of timelines) {
      if (timeline.server.client === 'tether') continue;
      const proxy = proxies.get(serverKey(timeline.server.name));
      if (proxy)
        applyProxy(timeline, { ...proxy, ...(proxy.lastRun ? { lastRun: { ...proxy.lastRun } } : {}) });
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

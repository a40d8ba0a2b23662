import type { ServerStatus } from '../../../shared/timeline-model.js';

/**
 * Every metric Tether exports, named once for both exporters.
 *
 * `/metrics` (Prometheus text, prom-client) uses `prom`; OTLP (OpenTelemetry SDK) uses `otel` with
 * `unit`. The names are chosen so that an OpenTelemetry collector's Prometheus translation (dots to
 * underscores, the unit as a suffix, `_total` on counters, `{annotations}` dropped) lands on exactly
 * the `prom` name: one Grafana dashboard (docs/grafana/tether.json) serves both paths. The unit test
 * `metric-catalog.test.ts` holds that rule.
 *
 * Labels are bounded sets only: the server's identity as configured (client, scope, name, wrapped),
 * a status, an outcome, a proxy slot. Never session ids, tool arguments, URLs or project paths.
 */
const SERVER_LABEL_NAMES = ['client', 'scope', 'name', 'wrapped'] as const;
export type ServerLabels = Record<(typeof SERVER_LABEL_NAMES)[number], string>;

/**
 * Every server status, one `status` label value each (shared/timeline-model.ts `serverStatusSchema`,
 * repeated here so the metrics do not load zod in a standalone proxy; a unit test keeps them equal).
 */
export const SERVER_STATUSES = [
  'connected',
  'degraded',
  'reconnecting',
  'session-expired',
  'needs-auth',
  'upstream-down',
  'never-attached',
  'unknown',
] as const satisfies readonly ServerStatus[];

type MetricKind = 'gauge' | 'counter' | 'histogram';

export type MetricSpec = {
  kind: MetricKind;
  prom: string;
  otel: string;
  /** UCUM unit for OpenTelemetry (`s`, `By`, or a `{annotation}` for plain counts). */
  unit: string;
  help: string;
  /** Labels beyond the server's (SERVER_LABEL_NAMES), or all labels for service-level metrics. */
  labels: readonly string[];
  perServer: boolean;
  buckets?: readonly number[];
};

/**
 * Tool calls: from a cached answer in milliseconds to a long-running tool. Few buckets on purpose:
 * each one is a series per server, and a fleet's Prometheus pays for every series.
 */
const TOOL_DURATION_BUCKETS_S = [0.025, 0.1, 0.25, 0.5, 1, 2.5, 10, 60] as const;

/**
 * Connection lifetimes: bucket edges sit just around the idle timeouts that cut MCP streams in the
 * wild (60 s nginx `proxy_read_timeout` and AWS ALB, 100 s Cloudflare, 600 s ingress defaults), so a
 * pile-up in one bucket (55–65, 95–105, 595–605) is the fingerprint of one intermediary; the exact
 * value is `tether_server_idle_cut_seconds`.
 */
const CONNECTION_UPTIME_BUCKETS_S = [30, 55, 65, 95, 105, 595, 605, 3600] as const;

export const METRICS = {
  serverStatus: {
    kind: 'gauge',
    prom: 'tether_server_status',
    otel: 'tether.server.status',
    unit: '{server}',
    help: 'Servers in each status (one series per status; 1 for the current one of a server, 0 otherwise).',
    labels: ['status'],
    perServer: true,
  },
  liveProxies: {
    kind: 'gauge',
    prom: 'tether_server_live_proxies',
    otel: 'tether.server.live_proxies',
    unit: '{proxy}',
    help: 'Running `tether proxy` processes of the server (one per client session that spawned it).',
    labels: [],
    perServer: true,
  },
  idleCut: {
    kind: 'gauge',
    prom: 'tether_server_idle_cut_seconds',
    otel: 'tether.server.idle_cut',
    unit: 's',
    help: 'Idle timeout of an intermediary detected by the proxy: silent event streams are cut at this age.',
    labels: [],
    perServer: true,
  },
  reconnects: {
    kind: 'counter',
    prom: 'tether_server_reconnects_total',
    otel: 'tether.server.reconnects',
    unit: '{reconnect}',
    help: 'Reconnections after a lost upstream (proxies: recoveries; client logs: reconnect attempts).',
    labels: [],
    perServer: true,
  },
  streamCuts: {
    kind: 'counter',
    prom: 'tether_server_stream_cuts_total',
    otel: 'tether.server.stream_cuts',
    unit: '{cut}',
    help: 'Event streams cut under a live session (SSE GET streams, dropped connections).',
    labels: [],
    perServer: true,
  },
  sessionReinits: {
    kind: 'counter',
    prom: 'tether_server_session_reinits_total',
    otel: 'tether.server.session_reinits',
    unit: '{session}',
    help: 'MCP sessions initialized again after the upstream lost or expired the old one.',
    labels: [],
    perServer: true,
  },
  toolCalls: {
    kind: 'counter',
    prom: 'tether_server_tool_calls_total',
    otel: 'tether.server.tool_calls',
    unit: '{call}',
    help: 'Finished tools/call requests by outcome (ok, error, proxy-error, cancelled, cached).',
    labels: ['outcome'],
    perServer: true,
  },
  toolDuration: {
    kind: 'histogram',
    prom: 'tether_server_tool_call_duration_seconds',
    otel: 'tether.server.tool_call.duration',
    unit: 's',
    help: 'Duration of finished tools/call requests as the client saw them.',
    labels: [],
    perServer: true,
    buckets: TOOL_DURATION_BUCKETS_S,
  },
  connectionUptime: {
    kind: 'histogram',
    prom: 'tether_server_connection_uptime_seconds',
    otel: 'tether.server.connection.uptime',
    unit: 's',
    help: 'How long an upstream connection stayed up before it was lost (clean shutdowns excluded).',
    labels: [],
    perServer: true,
    buckets: CONNECTION_UPTIME_BUCKETS_S,
  },
  proxyMemory: {
    kind: 'gauge',
    prom: 'tether_proxy_resident_memory_bytes',
    otel: 'tether.proxy.resident_memory',
    unit: 'By',
    help: 'Resident memory of each running proxy (`proxy` is a slot number, stable while the proxy lives).',
    labels: ['proxy'],
    perServer: true,
  },
  serviceInfo: {
    kind: 'gauge',
    prom: 'tether_service_info',
    otel: 'tether.service.info',
    unit: '{service}',
    help: 'Always 1; the labels say which Tether exports (version, role: service or proxy).',
    labels: ['version', 'role'],
    perServer: false,
  },
  serviceUptime: {
    kind: 'gauge',
    prom: 'tether_service_uptime_seconds',
    otel: 'tether.service.uptime',
    unit: 's',
    help: 'Seconds since this Tether service (or standalone proxy) started.',
    labels: ['role'],
    perServer: false,
  },
} as const satisfies Record<string, MetricSpec>;

export type MetricId = keyof typeof METRICS;
export type CounterId = {
  [K in MetricId]: (typeof METRICS)[K]['kind'] extends 'counter' ? K : never;
}[MetricId];
export type HistogramId = {
  [K in MetricId]: (typeof METRICS)[K]['kind'] extends 'histogram' ? K : never;
}[MetricId];
export type GaugeId = { [K in MetricId]: (typeof METRICS)[K]['kind'] extends 'gauge' ? K : never }[MetricId];

/** All label names of a metric, server labels first. */
export function labelNamesOf(id: MetricId): string[] {
  const spec: MetricSpec = METRICS[id];
  return spec.perServer ? [...SERVER_LABEL_NAMES, ...spec.labels] : [...spec.labels];
}

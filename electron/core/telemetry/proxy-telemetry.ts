import type { MetricsEvent, ProxyEvent, ProxyState } from '../../../shared/control-protocol.js';
import { CONTROL_PROTOCOL_VERSION } from '../../../shared/control-protocol-constants.js';
import type { ServerStatusEntry } from '../../../shared/server-status.js';
import type { Logger } from '../logger.js';
import { classifyJournalEntry, journalEntry } from '../logs/journal-classify.js';
import { toLogEvent } from '../logs/log-entry.js';
import { MetricsCollector } from '../metrics/metrics-collector.js';
import { startOtlpExport } from './otlp-export.js';
import type { OtlpSettings } from './otlp-env.js';

/** The counters a proxy keeps (its Reporter's), read at each collection. */
export type ProxyCounters = Omit<MetricsEvent, 'type' | 'uptimeS' | 'inFlight' | 'rssBytes' | 'latencyMs'>;

export type ProxyTelemetry = {
  /** Every event the proxy journals, with when it happened (events wait while the SDK loads). */
  onEvent(event: ProxyEvent, atMs?: number): void;
  shutdown(timeoutMs: number): Promise<void>;
};

/**
 * OTLP export from a standalone `tether proxy` (a container without a service): the same metrics as
 * the service's for this one server (labelled `client="tether", scope="proxy", name=<--name>`), and
 * its events as the same normalized log records the service would make of them. Loaded only by
 * electron/cli/otlp-hook.ts, after it found OTEL_EXPORTER_OTLP_* set.
 */
export function startProxyTelemetry(options: {
  settings: OtlpSettings;
  name: string;
  version: string;
  logger: Logger;
  counters: () => ProxyCounters;
}): ProxyTelemetry {
  const startedAtMs = Date.now();
  const pid = process.pid;
  let state: ProxyState = 'reconnecting';
  let line = 0;
  const entry = (): ServerStatusEntry => ({
    key: options.name,
    client: 'tether',
    scope: 'proxy',
    project: null,
    name: options.name,
    configured: false,
    configPath: null,
    disabled: false,
    effective: true,
    status: state,
    reason: '',
    since: null,
    source: 'live-proxy',
    live: true,
    sourceNote: 'this proxy',
    wrapped: true,
    proxyKey: options.name,
    liveProxies: 1,
    transport: 'unknown',
    upstream: null,
    toolCount: null,
    lastProblem: null,
    lastSeen: null,
    actions: [],
  });
  const collector = new MetricsCollector(
    {
      status: () => ({ servers: [entry()] }),
      // The Reporter's own counters at each collection: stream cuts and RSS are current, not a minute old.
      refresh: () =>
        collector.activity.proxyEvent(options.name, pid, {
          type: 'metrics',
          uptimeS: (Date.now() - startedAtMs) / 1000,
          inFlight: 0,
          ...options.counters(),
          rssBytes: process.memoryUsage.rss(),
        }),
    },
    { version: options.version, role: 'proxy', startedAtMs },
  );
  const exporter = startOtlpExport({
    settings: options.settings,
    collector,
    serviceName: 'tether-proxy',
    version: options.version,
    logger: options.logger,
    attributes: { 'tether.proxy.name': options.name },
  });
  const server = { client: 'tether', scope: 'proxy', name: options.name } as const;
  return {
    onEvent(event, atMs = Date.now()) {
      if (event.type === 'state') state = event.state;
      collector.activity.proxyEvent(options.name, pid, event);
      // The same normalization the service applies to a proxy's events (electron/core/hub/).
      const raw = journalEntry(
        { ...event, v: CONTROL_PROTOCOL_VERSION, ts: new Date(atMs).toISOString(), pid },
        ++line,
      );
      exporter.emit(toLogEvent(raw, server, `proxy:${options.name}`, classifyJournalEntry(raw.message, raw)));
    },
    shutdown: (timeoutMs) => exporter.shutdown(timeoutMs),
  };
}

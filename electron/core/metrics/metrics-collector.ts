import type { StatusSnapshot } from '../../../shared/server-status.js';
import {
  SERVER_STATUSES,
  type CounterId,
  type GaugeId,
  type HistogramId,
  type ServerLabels,
} from './metric-catalog.js';
import { ServerActivity, type ActivityRef } from './server-activity.js';
import { labelKey, labelsOfEntry, ServerLabelIndex } from './server-labels.js';

/**
 * What the metrics read, injected: the one status model (shared/server-status.ts). Counters and
 * histograms are fed separately, event by event, through `collector.activity`.
 */
export type MetricsProvider = {
  /** The status model's snapshot; only `servers` is read. */
  status(): Pick<StatusSnapshot, 'servers'>;
  /** Called before gauges are read, to pull figures that are not pushed (a standalone proxy's own). */
  refresh?(): void;
};

/** Who exports: the service (`tether serve`, the app) or a standalone `tether proxy`. */
export type MetricsIdentity = { version: string; role: 'service' | 'proxy'; startedAtMs: number };

export type Labels = Readonly<Record<string, string>>;

/** An exporter's synchronous side: counter increments and histogram observations, labelled. */
export type MetricsSink = {
  count(metric: CounterId, labels: Labels, by: number): void;
  observe(metric: HistogramId, labels: Labels, value: number): void;
};

/** One gauge series now; `key` is its identity across readings (metric and label values). */
export type GaugeReading = { metric: GaugeId; labels: Labels; value: number; key: string };

/** A scrape's view: every gauge value now, and every server's labels (counters start at 0 for them). */
export type GaugeSnapshot = {
  readings: GaugeReading[];
  servers: Array<{ key: string; labels: ServerLabels }>;
};

/** A server's per-status series, kept across readings (the same objects and strings every time). */
type StatusSeries = { labels: Labels[]; keys: string[]; liveKey: string };

/** The label index is rebuilt from the status model at most this often on the event path. */
const INDEX_MAX_AGE_MS = 1000;

/**
 * The metrics model both exporters share: labels every observation from the status model, fans it
 * out to the registered sinks (prom-client, OpenTelemetry), and computes the gauges on demand.
 *
 * Two entries with the same labels (the same name in two projects of one client) add up: the status
 * series then counts servers, which is 0 or 1 in the usual case of one entry per label set.
 */
export class MetricsCollector {
  readonly activity: ServerActivity;
  private readonly sinks = new Set<MetricsSink>();
  private index: { index: ServerLabelIndex; builtMs: number } | undefined;
  /** The status label sets of each server, reused from scrape to scrape (500 servers make 4000). */
  private statusSeries = new Map<string, StatusSeries>();

  constructor(
    private readonly provider: MetricsProvider,
    readonly identity: MetricsIdentity,
    private readonly nowMs: () => number = Date.now,
  ) {
    this.activity = new ServerActivity(
      {
        count: (metric, ref, by, outcome) => this.count(metric, ref, by, outcome),
        observe: (metric, ref, value) => this.observe(metric, ref, value),
      },
      nowMs,
    );
  }

  /** Adds an exporter; returns its removal. */
  addSink(sink: MetricsSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  /** Every gauge now, from the status model, the running proxies and the service's own facts. */
  gauges(): GaugeSnapshot {
    this.provider.refresh?.();
    const snapshot = this.provider.status();
    const index = new ServerLabelIndex(snapshot);
    this.index = { index, builtMs: this.nowMs() };
    const readings = new Map<string, GaugeReading>();
    const add = (metric: GaugeId, labels: Labels, value: number, combine: 'sum' | 'max' = 'sum'): void => {
      const key = `${metric}\u0000${labelKey(labels)}`;
      const known = readings.get(key);
      if (!known) readings.set(key, { metric, labels, value, key });
      else known.value = combine === 'sum' ? known.value + value : Math.max(known.value, value);
    };
    // One pass over the entries, one map entry per label set (two entries may share one).
    const servers = new Map<
      string,
      { labels: ServerLabels; counts: number[]; live: number; wrapped: boolean }
    >();
    for (const entry of snapshot.servers) {
      const labels = labelsOfEntry(entry);
      const key = labelKey(labels);
      let server = servers.get(key);
      if (!server) {
        server = { labels, counts: SERVER_STATUSES.map(() => 0), live: 0, wrapped: entry.wrapped };
        servers.set(key, server);
      }
      server.counts[SERVER_STATUSES.indexOf(entry.status)]! += 1;
      server.live += entry.liveProxies;
    }
    const list: GaugeReading[] = [];
    const statusSeries = new Map<string, StatusSeries>();
    for (const [key, { labels, counts, live, wrapped }] of servers) {
      const series = this.statusSeries.get(key) ?? {
        labels: SERVER_STATUSES.map((status) => ({ ...labels, status })),
        keys: SERVER_STATUSES.map((status) => `serverStatus\u0000${key}\u0000${status}`),
        liveKey: `liveProxies\u0000${key}`,
      };
      statusSeries.set(key, series);
      for (let at = 0; at < SERVER_STATUSES.length; at++)
        list.push({
          metric: 'serverStatus',
          labels: series.labels[at]!,
          value: counts[at]!,
          key: series.keys[at]!,
        });
      // Only a wrapped server can have proxies: no zero series for every other one.
      if (wrapped) list.push({ metric: 'liveProxies', labels, value: live, key: series.liveKey });
    }
    this.statusSeries = statusSeries;
    for (const [proxyKey, seconds] of this.activity.idleCuts()) {
      const labels = index.labelsOf({ proxyKey });
      if (labels) add('idleCut', labels, seconds, 'max');
    }
    for (const proxy of this.activity.runningProxies()) {
      const labels = index.labelsOf({ proxyKey: proxy.key });
      if (labels && proxy.rssBytes !== undefined)
        add('proxyMemory', { ...labels, proxy: String(proxy.slot) }, proxy.rssBytes);
    }
    const { version, role, startedAtMs } = this.identity;
    add('serviceInfo', { version, role }, 1);
    add('serviceUptime', { role }, Math.max(0, (this.nowMs() - startedAtMs) / 1000));
    list.push(...readings.values());
    return { readings: list, servers: [...servers].map(([key, server]) => ({ key, labels: server.labels })) };
  }

  private labelsOf(ref: ActivityRef): ServerLabels | undefined {
    if (!this.index || this.nowMs() - this.index.builtMs > INDEX_MAX_AGE_MS)
      this.index = { index: new ServerLabelIndex(this.provider.status()), builtMs: this.nowMs() };
    return this.index.index.labelsOf(ref);
  }

  private count(metric: CounterId, ref: ActivityRef, by: number, outcome?: string): void {
    if (this.sinks.size === 0) return;
    const labels = this.labelsOf(ref);
    if (!labels) return;
    const full = outcome === undefined ? labels : { ...labels, outcome };
    for (const sink of this.sinks) sink.count(metric, full, by);
  }

  private observe(metric: HistogramId, ref: ActivityRef, value: number): void {
    if (this.sinks.size === 0) return;
    const labels = this.labelsOf(ref);
    if (!labels) return;
    for (const sink of this.sinks) sink.observe(metric, labels, value);
  }
}

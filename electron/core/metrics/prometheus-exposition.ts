import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import {
  labelNamesOf,
  METRICS,
  type CounterId,
  type GaugeId,
  type HistogramId,
  type MetricId,
} from './metric-catalog.js';
import type { Labels, MetricsCollector } from './metrics-collector.js';

export type PrometheusExposition = {
  /** `text/plain; version=0.0.4; charset=utf-8` */
  contentType: string;
  /** The whole exposition now (gauges are read from the status model at this moment). */
  render(): Promise<string>;
  close(): void;
};

const COUNTERS_FROM_ZERO: CounterId[] = ['reconnects', 'streamCuts', 'sessionReinits'];
/** The outcomes alerts are written on; the rarer ones appear with their first call. */
const OUTCOMES_FROM_ZERO = ['ok', 'error', 'proxy-error'] as const;

/**
 * `/metrics` in the Prometheus text format, through prom-client on a registry of its own.
 *
 * Counters and histograms are prom-client's own, fed by the collector as events arrive; gauges are
 * set from the collector's snapshot at each scrape (the status model is the truth, not a cache of
 * it). Every known server's counters exist from 0, so the first reconnect shows in `increase()`
 * instead of appearing as a new series at 1. Label sets of servers that went away stay until the
 * service restarts (counters must not jump back); their status series disappear at once.
 */
/** How often the event-loop delay histogram samples (ms). */
const EVENT_LOOP_SAMPLE_MS = 1000;

export function createPrometheusExposition(
  collector: MetricsCollector,
  options: { processMetrics?: boolean } = {},
): PrometheusExposition {
  const registry = new Registry();
  // prom-client samples event-loop delay with a 10 ms timer by default: 100 wake-ups a second cost the
  // idle service ~1 % of a core by themselves (test/bench/status-idle.bench.ts). One sample a second
  // still catches a blocked loop; the lag gauge is measured at each scrape anyway.
  if (options.processMetrics !== false)
    collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });
  const gauges = new Map<GaugeId, Gauge>();
  const counters = new Map<CounterId, Counter>();
  const histograms = new Map<HistogramId, Histogram>();
  for (const id of Object.keys(METRICS) as MetricId[]) {
    const spec = METRICS[id];
    const config = { name: spec.prom, help: spec.help, labelNames: labelNamesOf(id), registers: [registry] };
    if (spec.kind === 'gauge') gauges.set(id as GaugeId, new Gauge(config));
    else if (spec.kind === 'counter') counters.set(id as CounterId, new Counter(config));
    else histograms.set(id as HistogramId, new Histogram({ ...config, buckets: [...(spec.buckets ?? [])] }));
  }
  // Each family's text is kept until something in it changes: a scrape re-formats only what moved
  // (in a fleet, mostly the tool-call families), not the thousands of status series.
  const ours = new Set<string>(Object.values(METRICS).map((spec) => spec.prom));
  const text = new Map<string, string>();
  const changed = (id: MetricId): void => void text.delete(METRICS[id].prom);
  const removeSink = collector.addSink({
    count: (metric, labels, by) => {
      counters.get(metric)?.inc(labels, by);
      changed(metric);
    },
    observe: (metric, labels, value) => {
      histograms.get(metric)?.observe(labels, value);
      changed(metric);
    },
  });
  const started = new Set<string>();
  /** The gauge series as last set: a scrape only touches what changed (status changes are rare). */
  let previous = new Map<string, { metric: GaugeId; labels: Labels; value: number }>();

  return {
    contentType: registry.contentType,
    async render() {
      const { readings, servers } = collector.gauges();
      const current = new Map<string, { metric: GaugeId; labels: Labels; value: number }>();
      for (const reading of readings) {
        current.set(reading.key, reading);
        if (previous.get(reading.key)?.value === reading.value) continue;
        gauges.get(reading.metric)?.set(reading.labels, reading.value);
        changed(reading.metric);
      }
      for (const [key, gone] of previous) {
        if (current.has(key)) continue;
        gauges.get(gone.metric)?.remove(gone.labels);
        changed(gone.metric);
      }
      previous = current;
      for (const { key, labels } of servers) {
        if (started.has(key)) continue;
        started.add(key);
        for (const id of COUNTERS_FROM_ZERO) counters.get(id)?.inc(labels, 0);
        for (const outcome of OUTCOMES_FROM_ZERO) counters.get('toolCalls')?.inc({ ...labels, outcome }, 0);
        for (const id of [...COUNTERS_FROM_ZERO, 'toolCalls'] as const) changed(id);
      }
      // What registry.metrics() returns, family by family; the process metrics are always fresh.
      const parts: string[] = [];
      for (const metric of registry.getMetricsAsArray()) {
        const name = metric.name;
        let family = text.get(name);
        if (family === undefined) {
          family = await registry.getSingleMetricAsString(name);
          if (ours.has(name)) text.set(name, family);
        }
        parts.push(family);
      }
      return `${parts.join('\n\n')}\n`;
    },
    close() {
      removeSink();
      registry.clear();
    },
  };
}

import type { Counter, Histogram, Meter, ObservableGauge } from '@opentelemetry/api';
import {
  METRICS,
  type CounterId,
  type GaugeId,
  type HistogramId,
  type MetricId,
} from '../metrics/metric-catalog.js';
import type { MetricsCollector } from '../metrics/metrics-collector.js';

/**
 * The collector's metrics as OpenTelemetry instruments: the same names (metric-catalog.ts), labels
 * as attributes. Counters and histograms are recorded as the collector sees each event; gauges are
 * observed at each collection, in one batch callback, from the collector's snapshot.
 */
export function attachOtelMetrics(collector: MetricsCollector, meter: Meter): () => void {
  const counters = new Map<CounterId, Counter>();
  const histograms = new Map<HistogramId, Histogram>();
  const gauges = new Map<GaugeId, ObservableGauge>();
  for (const id of Object.keys(METRICS) as MetricId[]) {
    const spec = METRICS[id];
    const options = { description: spec.help, unit: spec.unit };
    if (spec.kind === 'counter') counters.set(id as CounterId, meter.createCounter(spec.otel, options));
    else if (spec.kind === 'gauge')
      gauges.set(id as GaugeId, meter.createObservableGauge(spec.otel, options));
    else
      histograms.set(
        id as HistogramId,
        meter.createHistogram(spec.otel, {
          ...options,
          advice: { explicitBucketBoundaries: [...(spec.buckets ?? [])] },
        }),
      );
  }
  const removeSink = collector.addSink({
    count: (metric, labels, by) => counters.get(metric)?.add(by, labels),
    observe: (metric, labels, value) => histograms.get(metric)?.record(value, labels),
  });
  const observeAll = (result: {
    observe(gauge: ObservableGauge, value: number, attributes: Record<string, string>): void;
  }): void => {
    for (const reading of collector.gauges().readings) {
      const gauge = gauges.get(reading.metric);
      if (gauge) result.observe(gauge, reading.value, reading.labels);
    }
  };
  meter.addBatchObservableCallback(observeAll, [...gauges.values()]);
  return () => {
    removeSink();
    meter.removeBatchObservableCallback(observeAll, [...gauges.values()]);
  };
}

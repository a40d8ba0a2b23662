import type { ProxyEvent } from '../../../shared/control-protocol.js';
import type { LogEvent } from '../../../shared/log-events.js';
import type { StatusSnapshot } from '../../../shared/server-status.js';
import type { Logger } from '../logger.js';
import { describeOtlp, otlpSettingsFromEnv } from '../telemetry/otlp-env.js';
import type { OtlpExport } from '../telemetry/otlp-export.js';
import { MetricsCollector } from './metrics-collector.js';
import { createPrometheusExposition, type PrometheusExposition } from './prometheus-exposition.js';

/** What the service hands its transports: `/metrics` in the Prometheus text format. */
export type MetricsEndpoint = Pick<PrometheusExposition, 'contentType' | 'render'>;

export type ServiceMetrics = {
  endpoint: MetricsEndpoint;
  collector: MetricsCollector;
  /** For the control hub (started by the status core): every validated proxy event, and proxies leaving. */
  hubHooks: {
    onProxyEvent(key: string, event: ProxyEvent, pid: number): void;
    onProxyClosed(key: string, pid: number): void;
  };
  /** Every new (not replayed) normalized log event of the service. */
  onLogEvent: (event: LogEvent) => void;
  stop(): Promise<void>;
};

/**
 * The service's metrics: one collector over the status model, the Prometheus exposition, and OTLP
 * export when the standard OTEL_EXPORTER_OTLP_* variables are set (the SDK is imported only then).
 */
export function startServiceMetrics(options: {
  version: string;
  startedAtMs: number;
  logger: Logger;
  /** The one status model's snapshot (electron/core/status/). */
  status: () => StatusSnapshot;
  env?: Readonly<Record<string, string | undefined>>;
}): ServiceMetrics {
  const collector = new MetricsCollector(
    { status: options.status },
    { version: options.version, role: 'service', startedAtMs: options.startedAtMs },
  );
  const prometheus = createPrometheusExposition(collector);
  const otlp = startOtlp(collector, options);
  let exporter: OtlpExport | undefined;
  void otlp.then((started) => (exporter = started));

  return {
    endpoint: prometheus,
    collector,
    hubHooks: {
      onProxyEvent: (key, event, pid) => collector.activity.proxyEvent(key, pid, event),
      onProxyClosed: (key, pid) => collector.activity.proxyClosed(key, pid),
    },
    onLogEvent: (event) => {
      collector.activity.logEvent(event);
      exporter?.emit(event);
    },
    async stop() {
      await (await otlp)?.shutdown();
      prometheus.close();
    },
  };
}

async function startOtlp(
  collector: MetricsCollector,
  options: { version: string; logger: Logger; env?: Readonly<Record<string, string | undefined>> },
): Promise<OtlpExport | undefined> {
  const settings = otlpSettingsFromEnv(options.env ?? process.env);
  if (!settings) return undefined;
  for (const problem of settings.problems) options.logger.warn(problem);
  if (!settings.metrics && !settings.logs) return undefined;
  try {
    const { startOtlpExport } = await import('../telemetry/otlp-export.js');
    const started = startOtlpExport({
      settings,
      collector,
      serviceName: 'tether',
      version: options.version,
      logger: options.logger,
    });
    options.logger.info(describeOtlp(settings));
    return started;
  } catch (error) {
    options.logger.warn(`OTLP export not started: ${String(error)}`);
    return undefined;
  }
}

import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtobufLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter as JsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtobufMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import type { LogEvent } from '../../../shared/log-events.js';
import type { Logger } from '../logger.js';
import { redactText } from '../redact.js';
import type { MetricsCollector } from '../metrics/metrics-collector.js';
import { logRecordOf } from './otel-log-records.js';
import { attachOtelMetrics } from './otel-metrics.js';
import { atLeast, type OtlpSettings } from './otlp-env.js';

export type OtlpExport = {
  /** Sends one normalized log event as an OTLP log record (batched), if at TETHER_OTLP_LOG_LEVEL or above. */
  emit(event: LogEvent): void;
  /** Exports what is pending and stops; bounded by `timeoutMs` so an unreachable collector cannot hold an exit. */
  shutdown(timeoutMs?: number): Promise<void>;
};

/** What startOtlpExport sends (the collector's metrics), where (the OTEL settings) and as whom. */
export type OtlpExportOptions = {
  settings: OtlpSettings;
  collector: MetricsCollector;
  /** `service.name` unless OTEL_SERVICE_NAME or OTEL_RESOURCE_ATTRIBUTES say otherwise. */
  serviceName: string;
  version: string;
  logger: Logger;
  /** Extra resource attributes (e.g. the proxy's server name). */
  attributes?: Record<string, string>;
};

/** The SDK complains at most this often on our stderr (a collector that is down fails every export). */
const DIAG_QUIET_MS = 60_000;

/**
 * OTLP export through the official OpenTelemetry JS SDK: the collector's metrics on a periodic
 * reader, normalized log events through a batching log processor, over OTLP/HTTP (protobuf or JSON,
 * per OTEL_EXPORTER_OTLP_PROTOCOL). Loaded only by a dynamic import once `otlpSettingsFromEnv` found
 * an endpoint (service-metrics.ts, electron/cli/otlp-hook.ts).
 *
 * The resource is `service.name`, `service.version`, a random `service.instance.id` per process,
 * `host.name` and `process.pid`, overridable with OTEL_RESOURCE_ATTRIBUTES. The process detector is
 * deliberately not used: it would export the command line, where a proxy's headers may hold secrets.
 */
export function startOtlpExport(options: OtlpExportOptions): OtlpExport {
  const { settings } = options;
  diag.setLogger(quietDiag(options.logger), { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  const resource = resourceFromAttributes({
    'service.name': options.serviceName,
    'service.version': options.version,
    'service.instance.id': randomUUID(),
    'host.name': hostname(),
    'process.pid': process.pid,
    ...options.attributes,
  }).merge(detectResources({ detectors: [envDetector] }));

  let meterProvider: MeterProvider | undefined;
  let detach: (() => void) | undefined;
  if (settings.metrics) {
    const config = { url: settings.metrics.endpoint, timeoutMillis: settings.exportTimeoutMs };
    const exporter =
      settings.metrics.protocol === 'http/json'
        ? new JsonMetricExporter(config)
        : new ProtobufMetricExporter(config);
    meterProvider = new MeterProvider({
      resource,
      readers: [
        new PeriodicExportingMetricReader({
          exporter,
          exportIntervalMillis: settings.exportIntervalMs,
          exportTimeoutMillis: Math.min(settings.exportTimeoutMs, settings.exportIntervalMs),
        }),
      ],
    });
    detach = attachOtelMetrics(options.collector, meterProvider.getMeter('tether', options.version));
  }

  let loggerProvider: LoggerProvider | undefined;
  if (settings.logs) {
    const config = { url: settings.logs.endpoint };
    const exporter =
      settings.logs.protocol === 'http/json' ? new JsonLogExporter(config) : new ProtobufLogExporter(config);
    loggerProvider = new LoggerProvider({
      resource,
      processors: [new BatchLogRecordProcessor({ exporter })],
    });
  }
  const otelLogger = loggerProvider?.getLogger('tether', options.version);

  return {
    emit(event) {
      if (otelLogger && atLeast(event.level, settings.logLevel)) otelLogger.emit(logRecordOf(event));
    },
    async shutdown(timeoutMs = 5000) {
      detach?.();
      const done = Promise.all([meterProvider?.shutdown(), loggerProvider?.shutdown()]).then(
        () => undefined,
        (error: unknown) => options.logger.warn(`OTLP export did not finish: ${String(error)}`),
      );
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
        timer.unref();
      });
      await Promise.race([done, late]);
      clearTimeout(timer);
    },
  };
}

/** The SDK's own warnings (failed exports) on our logger, once a minute at most. */
function quietDiag(logger: Logger): DiagLogger {
  let lastMs = 0;
  const say = (message: string, ...args: unknown[]): void => {
    const now = Date.now();
    if (now - lastMs < DIAG_QUIET_MS) return;
    lastMs = now;
    logger.warn(redactText(`OTLP: ${message}${args.length > 0 ? ` ${args.map(String).join(' ')}` : ''}`));
  };
  const ignore = (): void => undefined;
  return { error: say, warn: say, info: ignore, debug: ignore, verbose: ignore };
}

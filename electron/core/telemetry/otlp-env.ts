/**
 * Whether OTLP export is configured, from the standard OpenTelemetry environment variables.
 *
 * This file imports nothing: the proxy's start path reads it to decide whether to load the
 * OpenTelemetry SDK at all (a dynamic import), so a proxy without these variables pays nothing.
 * The exporters read the rest themselves (headers, timeout, compression, certificates).
 *
 * - `OTEL_EXPORTER_OTLP_ENDPOINT` (+ `/v1/metrics`, `/v1/logs`) or the per-signal
 *   `OTEL_EXPORTER_OTLP_METRICS_ENDPOINT` / `OTEL_EXPORTER_OTLP_LOGS_ENDPOINT` (used as they are);
 * - `OTEL_EXPORTER_OTLP_PROTOCOL` (and per signal): `http/protobuf` (the default) or `http/json`;
 *   `grpc` is not supported and turns that signal off with a problem saying so;
 * - `OTEL_METRICS_EXPORTER` / `OTEL_LOGS_EXPORTER` = `none` turn one signal off;
 * - `OTEL_SDK_DISABLED=true` turns everything off;
 * - `OTEL_METRIC_EXPORT_INTERVAL` / `OTEL_METRIC_EXPORT_TIMEOUT` in ms (default 60000 / 30000);
 * - `TETHER_OTLP_LOG_LEVEL` (Tether's own): the lowest level of log events sent as records, `info` by
 *   default; `debug` adds one record per tool call (the metrics already count and time every call).
 */
export type OtlpProtocol = 'http/protobuf' | 'http/json';

export type OtlpSignal = { endpoint: string; protocol: OtlpProtocol };

export type OtlpLogLevel = 'debug' | 'info' | 'warn' | 'error';

export type OtlpSettings = {
  metrics?: OtlpSignal;
  logs?: OtlpSignal;
  logLevel: OtlpLogLevel;
  exportIntervalMs: number;
  exportTimeoutMs: number;
  /** Configured but unusable (an unsupported protocol): said once on stderr by the caller. */
  problems: string[];
};

type Env = Readonly<Record<string, string | undefined>>;

/** The OTLP settings, or undefined when nothing is configured (or the SDK is disabled). */
export function otlpSettingsFromEnv(env: Env): OtlpSettings | undefined {
  if (value(env, 'OTEL_SDK_DISABLED')?.toLowerCase() === 'true') return undefined;
  const problems: string[] = [];
  const metrics = signal(env, 'METRICS', 'v1/metrics', problems);
  const logs = signal(env, 'LOGS', 'v1/logs', problems);
  if (!metrics && !logs && problems.length === 0) return undefined;
  return {
    ...(metrics ? { metrics } : {}),
    ...(logs ? { logs } : {}),
    exportIntervalMs: milliseconds(env, 'OTEL_METRIC_EXPORT_INTERVAL', 60_000),
    exportTimeoutMs: milliseconds(env, 'OTEL_METRIC_EXPORT_TIMEOUT', 30_000),
    logLevel: logLevel(env, problems),
    problems,
  };
}

/** One line for humans: where each signal goes (URL credentials and query hidden). */
export function describeOtlp(settings: OtlpSettings): string {
  const parts = (['metrics', 'logs'] as const).flatMap((name) => {
    const target = settings[name];
    return target ? [`${name} → ${withoutSecrets(target.endpoint)} (${target.protocol})`] : [];
  });
  return parts.length > 0 ? `OTLP export: ${parts.join(', ')}` : 'OTLP export: off';
}

function signal(
  env: Env,
  name: 'METRICS' | 'LOGS',
  path: string,
  problems: string[],
): OtlpSignal | undefined {
  const exporters = value(env, `OTEL_${name}_EXPORTER`);
  if (exporters && !exporters.split(',').some((entry) => entry.trim() === 'otlp')) return undefined;
  const specific = value(env, `OTEL_EXPORTER_OTLP_${name}_ENDPOINT`);
  const general = value(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  const endpoint = specific ?? (general ? withPath(general, path) : undefined);
  if (!endpoint) return undefined;
  const protocol =
    value(env, `OTEL_EXPORTER_OTLP_${name}_PROTOCOL`) ??
    value(env, 'OTEL_EXPORTER_OTLP_PROTOCOL') ??
    'http/protobuf';
  if (protocol !== 'http/protobuf' && protocol !== 'http/json') {
    problems.push(
      `OTLP ${name.toLowerCase()} not exported: protocol "${protocol}" is not supported (use http/protobuf or http/json)`,
    );
    return undefined;
  }
  return { endpoint, protocol };
}

const LOG_LEVELS: readonly OtlpLogLevel[] = ['debug', 'info', 'warn', 'error'];

function logLevel(env: Env, problems: string[]): OtlpLogLevel {
  const raw = value(env, 'TETHER_OTLP_LOG_LEVEL')?.toLowerCase();
  if (raw === undefined) return 'info';
  if ((LOG_LEVELS as readonly string[]).includes(raw)) return raw as OtlpLogLevel;
  problems.push(`TETHER_OTLP_LOG_LEVEL "${raw}" is not one of ${LOG_LEVELS.join(', ')}; using info`);
  return 'info';
}

/** True when an event of `level` is exported at `threshold`. */
export function atLeast(level: OtlpLogLevel, threshold: OtlpLogLevel): boolean {
  return LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(threshold);
}

function value(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw ? raw : undefined;
}

function milliseconds(env: Env, name: string, fallback: number): number {
  const parsed = Number(value(env, name));
  return Number.isFinite(parsed) && parsed > 0 ? parsed : fallback;
}

/** `OTEL_EXPORTER_OTLP_ENDPOINT` + `v1/<signal>`, on the URL's path (a query stays a query). */
function withPath(base: string, path: string): string {
  try {
    const url = new URL(base);
    url.pathname = `${url.pathname.replace(/\/+$/, '')}/${path}`;
    return url.toString();
  } catch {
    return `${base.replace(/\/+$/, '')}/${path}`;
  }
}

function withoutSecrets(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    url.username = '';
    url.password = '';
    url.search = '';
    return url.toString();
  } catch {
    return '(unparsable URL)';
  }
}

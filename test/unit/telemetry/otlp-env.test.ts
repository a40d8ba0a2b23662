import { describe, expect, it } from 'vitest';
import { atLeast, describeOtlp, otlpSettingsFromEnv } from '../../../electron/core/telemetry/otlp-env.js';

describe('OTLP settings from the standard environment variables', () => {
  it('is off without an endpoint, or when the SDK is disabled', () => {
    expect(otlpSettingsFromEnv({})).toBeUndefined();
    expect(otlpSettingsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' })).toBeUndefined();
    expect(
      otlpSettingsFromEnv({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_SDK_DISABLED: 'TRUE',
      }),
    ).toBeUndefined();
  });

  it('appends the signal paths to the general endpoint and takes per-signal endpoints as they are', () => {
    expect(otlpSettingsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })).toEqual({
      metrics: { endpoint: 'http://collector:4318/v1/metrics', protocol: 'http/protobuf' },
      logs: { endpoint: 'http://collector:4318/v1/logs', protocol: 'http/protobuf' },
      exportIntervalMs: 60_000,
      exportTimeoutMs: 30_000,
      logLevel: 'info',
      problems: [],
    });
    const settings = otlpSettingsFromEnv({
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'https://metrics.example/otlp',
      OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/json',
      OTEL_METRIC_EXPORT_INTERVAL: '15000',
    });
    expect(settings?.metrics).toEqual({ endpoint: 'https://metrics.example/otlp', protocol: 'http/json' });
    expect(settings?.logs).toBeUndefined();
    expect(settings?.exportIntervalMs).toBe(15_000);
  });

  it('turns one signal off with OTEL_*_EXPORTER=none, and refuses gRPC with a reason', () => {
    const base = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(otlpSettingsFromEnv({ ...base, OTEL_LOGS_EXPORTER: 'none' })?.logs).toBeUndefined();
    expect(otlpSettingsFromEnv({ ...base, OTEL_METRICS_EXPORTER: 'console,otlp' })?.metrics).toBeDefined();
    const grpc = otlpSettingsFromEnv({ ...base, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' });
    expect(grpc?.metrics).toBeUndefined();
    expect(grpc?.problems).toEqual([
      'OTLP metrics not exported: protocol "grpc" is not supported (use http/protobuf or http/json)',
      'OTLP logs not exported: protocol "grpc" is not supported (use http/protobuf or http/json)',
    ]);
  });

  it('reads the record level and says so when it is not a level', () => {
    const base = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(otlpSettingsFromEnv({ ...base, TETHER_OTLP_LOG_LEVEL: 'DEBUG' })?.logLevel).toBe('debug');
    const wrong = otlpSettingsFromEnv({ ...base, TETHER_OTLP_LOG_LEVEL: 'verbose' });
    expect(wrong?.logLevel).toBe('info');
    expect(wrong?.problems[0]).toContain('TETHER_OTLP_LOG_LEVEL "verbose"');
    expect(atLeast('debug', 'info')).toBe(false);
    expect(atLeast('warn', 'info')).toBe(true);
  });

  it('describes where it sends without credentials or query', () => {
    const settings = otlpSettingsFromEnv({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'https://user:secret@collector.example:4318?api_key=abc',
    })!;
    const line = describeOtlp(settings);
    expect(line).toContain('metrics → https://collector.example:4318/v1/metrics (http/protobuf)');
    expect(line).not.toMatch(/secret|abc|user/);
  });
});

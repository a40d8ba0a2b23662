import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  IExportLogsServiceRequest,
  ILogRecord,
  IResourceLogs,
  IScopeLogs,
} from '@opentelemetry/otlp-transformer/build/src/logs/internal-types.js';
import type {
  IExportMetricsServiceRequest,
  IHistogramDataPoint,
  IMetric,
  INumberDataPoint,
  IResourceMetrics,
  IScopeMetrics,
} from '@opentelemetry/otlp-transformer/build/src/metrics/internal-types.js';
import { z } from 'zod';

/**
 * An OTLP/HTTP receiver for tests: accepts `/v1/metrics` and `/v1/logs` as a collector does, keeps
 * every raw body (for canary searches) and decodes OTLP/JSON into the official OpenTelemetry request
 * types (@opentelemetry/otlp-transformer). The zod schemas below are checked at compile time to
 * produce exactly those types, and at run time every JSON body must parse with them.
 */
const fixed64 = z.union([z.string(), z.number()]);
type AnyValue = {
  stringValue?: string | null | undefined;
  boolValue?: boolean | null | undefined;
  intValue?: number | null | undefined;
  doubleValue?: number | null | undefined;
  arrayValue?: { values: AnyValue[] } | undefined;
};
const anyValue: z.ZodType<AnyValue> = z.lazy(() =>
  z.object({
    stringValue: z.string().nullish(),
    boolValue: z.boolean().nullish(),
    intValue: z.coerce.number().nullish(),
    doubleValue: z.number().nullish(),
    arrayValue: z.object({ values: z.array(anyValue) }).optional(),
  }),
);
const keyValues = z.array(z.object({ key: z.string(), value: anyValue }));
const resource = z.object({ attributes: keyValues, droppedAttributesCount: z.number() });
const scope = z.object({ name: z.string(), version: z.string().optional() });
const numberPoint = z.object({
  attributes: keyValues,
  startTimeUnixNano: fixed64.optional(),
  timeUnixNano: fixed64.optional(),
  asDouble: z.number().nullish(),
  asInt: z.coerce.number().optional(),
});
const histogramPoint = z.object({
  attributes: keyValues,
  startTimeUnixNano: fixed64.optional(),
  timeUnixNano: fixed64.optional(),
  count: z.coerce.number().optional(),
  sum: z.number().optional(),
  bucketCounts: z.array(z.coerce.number()).optional(),
  explicitBounds: z.array(z.number()).optional(),
});
const metric = z.object({
  name: z.string(),
  description: z.string().optional(),
  unit: z.string().optional(),
  gauge: z.object({ dataPoints: z.array(numberPoint) }).optional(),
  sum: z
    .object({
      dataPoints: z.array(numberPoint),
      aggregationTemporality: z.number(),
      isMonotonic: z.boolean().nullish(),
    })
    .optional(),
  histogram: z
    .object({ dataPoints: z.array(histogramPoint), aggregationTemporality: z.number().optional() })
    .optional(),
});
const metricsRequestSchema = z.object({
  resourceMetrics: z.array(
    z.object({
      resource: resource.optional(),
      scopeMetrics: z.array(z.object({ scope: scope.optional(), metrics: z.array(metric) })),
    }),
  ),
});
const logRecord = z.object({
  timeUnixNano: fixed64,
  observedTimeUnixNano: fixed64,
  severityNumber: z.number().optional(),
  severityText: z.string().optional(),
  body: anyValue.optional(),
  attributes: keyValues,
  droppedAttributesCount: z.number(),
});
const logsRequestSchema = z.object({
  resourceLogs: z
    .array(
      z.object({
        resource: resource.optional(),
        scopeLogs: z.array(z.object({ scope: scope.optional(), logRecords: z.array(logRecord).optional() })),
      }),
    )
    .optional(),
});

// Compile-time proof that what the schemas produce is the official request type, level by level
// (TypeScript stops comparing arrays nested three deep, so one check at the top would prove little).
type Assignable<T, U extends T> = [T, U];
type MetricsRequest = z.infer<typeof metricsRequestSchema>;
type ResourceMetrics = MetricsRequest['resourceMetrics'][number];
type ScopeMetrics = ResourceMetrics['scopeMetrics'][number];
type Metric = ScopeMetrics['metrics'][number];
type ResourceLogs = NonNullable<z.infer<typeof logsRequestSchema>['resourceLogs']>[number];
type ScopeLogs = ResourceLogs['scopeLogs'][number];
/** @public Exported only so TypeScript checks it (an unused local type is an error); nothing imports it. */
export type SchemasMatchOfficialTypes = [
  Assignable<IExportMetricsServiceRequest, MetricsRequest>,
  Assignable<IResourceMetrics, ResourceMetrics>,
  Assignable<IScopeMetrics, ScopeMetrics>,
  Assignable<IMetric, Metric>,
  Assignable<INumberDataPoint, NonNullable<Metric['gauge']>['dataPoints'][number]>,
  Assignable<IHistogramDataPoint, NonNullable<Metric['histogram']>['dataPoints'][number]>,
  Assignable<IExportLogsServiceRequest, z.infer<typeof logsRequestSchema>>,
  Assignable<IResourceLogs, ResourceLogs>,
  Assignable<IScopeLogs, ScopeLogs>,
  Assignable<ILogRecord, NonNullable<ScopeLogs['logRecords']>[number]>,
];

export type ReceivedRequest = { path: string; contentType: string; body: Buffer };

export type OtlpReceiver = {
  endpoint: string;
  requests: ReceivedRequest[];
  /** Every JSON metrics request, decoded and validated. */
  metrics(): IExportMetricsServiceRequest[];
  logs(): IExportLogsServiceRequest[];
  close(): Promise<void>;
};

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const requests: ReceivedRequest[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const contentType = String(request.headers['content-type'] ?? '');
      requests.push({ path: request.url ?? '', contentType, body: Buffer.concat(chunks) });
      const json = contentType.startsWith('application/json');
      response.writeHead(200, { 'Content-Type': json ? 'application/json' : 'application/x-protobuf' });
      response.end(json ? '{}' : undefined);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const decoded = <T>(path: string, schema: z.ZodType<T>): T[] =>
    requests
      .filter((entry) => entry.path === path && entry.contentType.startsWith('application/json'))
      .map((entry) => schema.parse(JSON.parse(entry.body.toString('utf8'))));
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    metrics: () => decoded('/v1/metrics', metricsRequestSchema),
    logs: () => decoded('/v1/logs', logsRequestSchema),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A flat attribute map of OTLP key-values (strings, numbers, booleans). */
export function attributesOf(
  list: ReadonlyArray<{ key: string; value: AnyValue }> | undefined,
): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const { key, value } of list ?? []) {
    const scalar = value.stringValue ?? value.intValue ?? value.doubleValue ?? value.boolValue;
    if (scalar !== null && scalar !== undefined) out[key] = scalar;
  }
  return out;
}

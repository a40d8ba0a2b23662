import { spawn } from 'node:child_process';
import { appendFile } from 'node:fs/promises';
import type { IExportLogsServiceRequest } from '@opentelemetry/otlp-transformer/build/src/logs/internal-types.js';
import type { IExportMetricsServiceRequest } from '@opentelemetry/otlp-transformer/build/src/metrics/internal-types.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawnProxy, type StdioClient } from '../../helpers/mcp-stdio-client.js';
import { installClaudeCodeScenario, SCENARIOS } from '../../helpers/claude-code-fixture-home.js';
import { attributesOf, startOtlpReceiver, type OtlpReceiver } from '../../helpers/otlp-receiver.js';
import { toolText } from '../../helpers/proxy-answer.js';
import { startReferenceServer, type ReferenceServer } from '../../helpers/reference-server.js';
import { stopChild, TETHER_BIN, waitForOutput } from '../../helpers/run-cli.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';

/**
 * Acceptance of issue 17 (OTLP): a receiver that decodes OTLP/HTTP into the official OpenTelemetry
 * request types gets metrics and log records from a standalone `tether proxy` and from `tether serve`;
 * a canary secret, put everywhere a user would put one (header, URL, tool arguments, environment), is
 * in none of the bytes sent.
 */
const CANARY = 'sk-ant-api03-CANARYcanary7f3a9c1e5b2d';
const CANARY_CORE = 'CANARYcanary7f3a9c1e5b2d';

let server: ReferenceServer;
let home: TempHome;
const receivers: OtlpReceiver[] = [];
const proxies: StdioClient[] = [];

beforeAll(async () => {
  server = await startReferenceServer('streamableHttp');
});
afterEach(async () => {
  for (const proxy of proxies.splice(0)) await proxy.kill();
  for (const receiver of receivers.splice(0)) await receiver.close();
  await home?.cleanup();
});
afterAll(async () => {
  await server?.stop();
});

async function receiver(): Promise<OtlpReceiver> {
  const started = await startOtlpReceiver();
  receivers.push(started);
  return started;
}

function otelEnv(endpoint: string, protocol: 'http/json' | 'http/protobuf'): Record<string, string> {
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
    OTEL_METRIC_EXPORT_INTERVAL: '500',
    // Where people keep secrets: the canary must not leak from the environment either.
    ACME_API_KEY: CANARY,
  };
}

/** A proxy in front of the reference server with the canary in a header, the URL and a tool call. */
async function proxyWithCanary(env: Record<string, string>): Promise<StdioClient> {
  const proxy = spawnProxy(
    ['--name', 'ref', '--header', 'Authorization: Bearer ${ACME_API_KEY}', `${server.url}?token=${CANARY}`],
    { env },
  );
  proxies.push(proxy);
  await proxy.initialize();
  expect(toolText(await proxy.callTool('echo', { message: CANARY }))).toBe(`Echo: ${CANARY}`);
  expect(toolText(await proxy.callTool('echo', { message: 'two' }))).toBe('Echo: two');
  return proxy;
}

type Point = { metric: string; attributes: Record<string, string | number | boolean>; value: number };

/** Every data point of every request, flattened: gauges and sums by value, histograms by count. */
function pointsOf(requests: IExportMetricsServiceRequest[]): Point[] {
  return requests.flatMap((request) =>
    request.resourceMetrics.flatMap((resource) =>
      resource.scopeMetrics.flatMap((scope) =>
        scope.metrics.flatMap((metric) => [
          ...[...(metric.gauge?.dataPoints ?? []), ...(metric.sum?.dataPoints ?? [])].map((point) => ({
            metric: metric.name,
            attributes: attributesOf(point.attributes),
            value: Number(point.asDouble ?? point.asInt ?? NaN),
          })),
          ...(metric.histogram?.dataPoints ?? []).map((point) => ({
            metric: metric.name,
            attributes: attributesOf(point.attributes),
            value: Number(point.count ?? NaN),
          })),
        ]),
      ),
    ),
  );
}

function resourcesOf(requests: Array<IExportMetricsServiceRequest | IExportLogsServiceRequest>) {
  return requests.flatMap((request) =>
    ('resourceMetrics' in request ? request.resourceMetrics : (request.resourceLogs ?? [])).map((entry) =>
      attributesOf(entry.resource?.attributes),
    ),
  );
}

function recordsOf(requests: IExportLogsServiceRequest[]) {
  return requests.flatMap((request) =>
    (request.resourceLogs ?? []).flatMap((resource) =>
      resource.scopeLogs.flatMap((scope) =>
        (scope.logRecords ?? []).map((record) => ({
          body: record.body?.stringValue ?? '',
          severity: record.severityText,
          attributes: attributesOf(record.attributes),
        })),
      ),
    ),
  );
}

function expectNoCanary(sink: OtlpReceiver): void {
  expect(sink.requests.length).toBeGreaterThan(0);
  for (const request of sink.requests) {
    expect(request.body.includes(CANARY_CORE), `${request.path} carries the canary`).toBe(false);
    expect(request.body.toString('latin1')).not.toContain(CANARY_CORE);
  }
}

describe('OTLP export', () => {
  it('a standalone proxy exports its metrics and log records (OTLP/JSON), without the canary', async () => {
    home = await createTempHome('tether-otlp-');
    const sink = await receiver();
    const proxy = await proxyWithCanary({ ...home.env, ...otelEnv(sink.endpoint, 'http/json') });
    await expect
      .poll(() => pointsOf(sink.metrics()).some((point) => point.metric === 'tether.server.tool_calls'), {
        timeout: 15_000,
      })
      .toBe(true);
    proxy.closeStdin(); // the client goes away: the proxy flushes its last export and exits
    expect((await proxy.waitForExit(10_000)).code).toBe(0);

    const points = pointsOf(sink.metrics());
    const ref = { client: 'tether', scope: 'proxy', name: 'ref', wrapped: 'true' };
    const last = (metric: string, extra: Record<string, string> = {}) =>
      points
        .filter(
          (point) =>
            point.metric === metric &&
            Object.entries({ ...ref, ...extra }).every(([k, v]) => point.attributes[k] === v),
        )
        .at(-1)?.value;
    expect(last('tether.server.tool_calls', { outcome: 'ok' })).toBe(2);
    expect(last('tether.server.tool_call.duration')).toBe(2);
    expect(last('tether.server.status', { status: 'connected' })).toBe(1);
    expect(last('tether.proxy.resident_memory', { proxy: '0' })).toBeGreaterThan(10e6);
    expect(
      points.some((point) => point.metric === 'tether.service.info' && point.attributes['role'] === 'proxy'),
    ).toBe(true);
    expect(resourcesOf(sink.metrics())[0]).toMatchObject({
      'service.name': 'tether-proxy',
      'tether.proxy.name': 'ref',
    });

    const records = recordsOf(sink.logs());
    expect(records.find((record) => record.attributes['tether.event.kind'] === 'connecting')?.body).toMatch(
      /^proxy .* started \(pid \d+\) for http:\/\/127\.0\.0\.1:\d+\/mcp\?token=\[REDACTED\]/,
    );
    expect(
      records.find((record) => record.attributes['tether.event.kind'] === 'connected')?.attributes,
    ).toMatchObject({
      'tether.server.client': 'tether',
      'tether.server.scope': 'proxy',
      'tether.server.name': 'ref',
    });
    // Calls are debug events: counted and timed by the metrics, not one record each by default.
    expect(records.filter((record) => record.attributes['tether.event.kind'] === 'tool_ok')).toEqual([]);
    expect(resourcesOf(sink.logs())[0]).toMatchObject({ 'service.name': 'tether-proxy' });
    expectNoCanary(sink);
  }, 60_000);

  it('http/protobuf (the default protocol) sends protobuf bodies with the same metrics', async () => {
    home = await createTempHome('tether-otlp-');
    const sink = await receiver();
    const proxy = await proxyWithCanary({ ...home.env, ...otelEnv(sink.endpoint, 'http/protobuf') });
    proxy.closeStdin();
    expect((await proxy.waitForExit(10_000)).code).toBe(0);
    const metrics = sink.requests.filter((request) => request.path === '/v1/metrics');
    const logs = sink.requests.filter((request) => request.path === '/v1/logs');
    expect(metrics.length).toBeGreaterThan(0);
    expect(logs.length).toBeGreaterThan(0);
    for (const request of [...metrics, ...logs]) expect(request.contentType).toBe('application/x-protobuf');
    // Protobuf keeps strings as UTF-8 bytes: the instrument names are in the body as written.
    expect(Buffer.concat(metrics.map((request) => request.body)).includes('tether.server.tool_calls')).toBe(
      true,
    );
    expectNoCanary(sink);
  }, 60_000);

  it('tether serve exports what its proxies and the client logs report (OTLP/JSON, debug level), without the canary', async () => {
    home = await createTempHome('tether-otlp-');
    const sink = await receiver();
    const logFile = await installClaudeCodeScenario(home, ...SCENARIOS.restart);
    const serve = spawn(process.execPath, [TETHER_BIN, 'serve', '--no-open'], {
      env: { ...home.env, ...otelEnv(sink.endpoint, 'http/json'), TETHER_OTLP_LOG_LEVEL: 'debug' },
    });
    try {
      await waitForOutput(
        serve,
        /OTLP export: metrics → http:\/\/127\.0\.0\.1:\d+\/v1\/metrics \(http\/json\)/,
      );
      await waitForOutput(serve, /Tether dashboard: http/);
      // A proxy without any OTEL variable: it reports to the service, which exports.
      await proxyWithCanary({ ...home.env, ACME_API_KEY: CANARY });
      // And Claude Code's own log of another server, with the canary in a line it wrote.
      for (const [second, debug] of [
        [1, `Calling MCP tool: fetch with Authorization: Bearer ${CANARY}`],
        [2, 'Tool call failed: upstream said 502'],
      ] as const)
        await appendFile(
          logFile,
          `${JSON.stringify({ debug, timestamp: `2026-11-21T00:30:0${second}.000Z`, sessionId: 's-1', cwd: '/home/dev/projects/acme' })}\n`,
        );
      await expect
        .poll(
          () =>
            pointsOf(sink.metrics()).some(
              (point) =>
                point.metric === 'tether.server.tool_calls' &&
                point.attributes['outcome'] === 'ok' &&
                point.value === 2,
            ),
          { timeout: 20_000 },
        )
        .toBe(true);
    } finally {
      await stopChild(serve);
    }
    const points = pointsOf(sink.metrics());
    expect(
      points.some(
        (point) => point.metric === 'tether.service.info' && point.attributes['role'] === 'service',
      ),
    ).toBe(true);
    expect(
      points.some((point) => point.metric === 'tether.server.status' && point.attributes['name'] === 'ref'),
    ).toBe(true);
    expect(resourcesOf(sink.metrics())[0]).toMatchObject({ 'service.name': 'tether' });
    const records = recordsOf(sink.logs());
    expect(
      records.filter(
        (record) =>
          record.attributes['tether.event.kind'] === 'tool_ok' &&
          record.attributes['tether.server.name'] === 'ref',
      ),
    ).toHaveLength(2);
    expect(
      records.find((record) => record.attributes['tether.event.kind'] === 'tool_ok')?.attributes,
    ).toMatchObject({ 'tether.server.client': 'tether', 'tether.tool': 'echo' });
    const fromClaude = records.filter(
      (record) => record.attributes['tether.server.client'] === 'claude-code',
    );
    expect(fromClaude.map((record) => record.attributes['tether.event.kind'])).toContain('tool_call');
    expect(
      fromClaude.find((record) => record.attributes['tether.event.kind'] === 'tool_call')?.body,
    ).toContain('Authorization: Bearer [REDACTED]');
    expectNoCanary(sink);
  }, 90_000);
});

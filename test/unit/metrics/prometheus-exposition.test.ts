import { describe, expect, it } from 'vitest';
import { METRICS, type MetricSpec } from '../../../electron/core/metrics/metric-catalog.js';
import { MetricsCollector } from '../../../electron/core/metrics/metrics-collector.js';
import { createPrometheusExposition } from '../../../electron/core/metrics/prometheus-exposition.js';
import { ServerLabelIndex } from '../../../electron/core/metrics/server-labels.js';
import type { StatusSnapshot } from '../../../shared/server-status.js';
import { snapshotOf, statusEntry } from './status-fixtures.js';

/** The value of one series in an exposition, by its exact line prefix (name + labels). */
function valueOf(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const wrapped = statusEntry({
  name: 'acme',
  wrapped: true,
  proxyKey: 'acme',
  status: 'reconnecting',
  liveProxies: 2,
  live: true,
});
const plain = statusEntry({ name: 'svc', client: 'cursor', scope: 'global', status: 'degraded' });

function setup(snapshot: { current: StatusSnapshot }) {
  const collector = new MetricsCollector(
    { status: () => snapshot.current },
    { version: '9.9.9', role: 'service', startedAtMs: 0 },
    () => 90_000,
  );
  return { collector, exposition: createPrometheusExposition(collector, { processMetrics: false }) };
}

describe('Prometheus exposition', () => {
  it('has one status series per state, counters from zero, and the service identity', async () => {
    const snapshot = { current: snapshotOf([wrapped, plain]) };
    const { exposition } = setup(snapshot);
    const text = await exposition.render();
    const acme = 'client="claude-code",scope="user",name="acme",wrapped="true"';
    expect(valueOf(text, `tether_server_status{${acme},status="reconnecting"}`)).toBe(1);
    expect(valueOf(text, `tether_server_status{${acme},status="connected"}`)).toBe(0);
    expect(text.match(/^tether_server_status\{[^}]*name="acme"/gm)).toHaveLength(8);
    expect(valueOf(text, `tether_server_live_proxies{${acme}}`)).toBe(2);
    expect(valueOf(text, `tether_server_reconnects_total{${acme}}`)).toBe(0);
    expect(valueOf(text, `tether_server_tool_calls_total{${acme},outcome="proxy-error"}`)).toBe(0);
    expect(valueOf(text, 'tether_service_info{version="9.9.9",role="service"}')).toBe(1);
    expect(valueOf(text, 'tether_service_uptime_seconds{role="service"}')).toBe(90);
    expect(text).toContain('# TYPE tether_server_tool_call_duration_seconds histogram');
    expect(exposition.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('labels proxy events with the entry that wraps the proxy, and drops client logs of wrapped servers', async () => {
    const snapshot = { current: snapshotOf([wrapped, plain]) };
    const { collector, exposition } = setup(snapshot);
    collector.activity.proxyEvent('acme', 7, {
      type: 'activity',
      method: 'tools/call',
      tool: 'echo',
      durationMs: 40,
      outcome: 'ok',
    });
    collector.activity.proxyEvent('acme', 7, {
      type: 'state',
      state: 'connected',
      reason: 'idle_cut',
      message: '',
      details: { idleCutS: 100 },
    });
    const logBase = {
      time: '2026-01-01T00:00:00Z',
      level: 'info',
      message: '',
      source: { file: 'f', line: 1 },
    } as const;
    // Claude Code's own log of the wrapped server: the proxy already said it.
    collector.activity.logEvent({
      ...logBase,
      server: { client: 'claude-code', scope: 'user', name: 'acme' },
      kind: 'tool_ok',
      tool: 'echo',
      ms: 5,
    });
    collector.activity.logEvent({
      ...logBase,
      server: { client: 'cursor', scope: 'unknown', name: 'svc' },
      kind: 'reconnecting',
    });
    const text = await exposition.render();
    const acme = 'client="claude-code",scope="user",name="acme",wrapped="true"';
    expect(valueOf(text, `tether_server_tool_calls_total{${acme},outcome="ok"}`)).toBe(1);
    expect(valueOf(text, `tether_server_tool_call_duration_seconds_bucket{le="0.1",${acme}}`)).toBe(1);
    expect(valueOf(text, `tether_server_tool_call_duration_seconds_bucket{le="0.025",${acme}}`)).toBe(0);
    expect(valueOf(text, `tether_server_idle_cut_seconds{${acme}}`)).toBe(100);
    expect(
      valueOf(
        text,
        'tether_server_reconnects_total{client="cursor",scope="global",name="svc",wrapped="false"}',
      ),
    ).toBe(1);
  });

  it('counts two entries with the same labels together and drops the status of servers that went away', async () => {
    const inOneProject = statusEntry({ name: 'db', scope: 'project', project: '/a', status: 'connected' });
    const inAnother = statusEntry({ name: 'db', scope: 'project', project: '/b', status: 'connected' });
    const snapshot = { current: snapshotOf([inOneProject, inAnother]) };
    const { exposition } = setup(snapshot);
    const db = 'client="claude-code",scope="project",name="db",wrapped="false"';
    expect(valueOf(await exposition.render(), `tether_server_status{${db},status="connected"}`)).toBe(2);
    snapshot.current = snapshotOf([]);
    const after = await exposition.render();
    expect(after).not.toMatch(/^tether_server_status\{/m);
    expect(valueOf(after, `tether_server_reconnects_total{${db}}`)).toBe(0); // counters never go back
  });

  it('re-formats only changed families, yet every scrape equals a fresh rendering', async () => {
    const snapshot = { current: snapshotOf([wrapped, plain]) };
    const cached = setup(snapshot);
    const fresh = setup(snapshot);
    const call = {
      type: 'activity',
      method: 'tools/call',
      tool: 'echo',
      durationMs: 700,
      outcome: 'ok',
    } as const;
    await cached.exposition.render();
    for (const { collector } of [cached, fresh]) collector.activity.proxyEvent('acme', 7, call);
    snapshot.current = snapshotOf([{ ...wrapped, status: 'connected' }, plain]);
    const text = await cached.exposition.render();
    expect(text).toBe(await fresh.exposition.render());
    expect(
      valueOf(
        text,
        'tether_server_tool_calls_total{client="claude-code",scope="user",name="acme",wrapped="true",outcome="ok"}',
      ),
    ).toBe(1);
    expect(
      valueOf(
        text,
        'tether_server_status{client="claude-code",scope="user",name="acme",wrapped="true",status="connected"}',
      ),
    ).toBe(1);
  });

  it('never puts a project path, session id or URL in a label', async () => {
    const entry = statusEntry({
      name: 'files',
      scope: 'local',
      project: '/home/dev/secret-project',
      upstream: 'https://user:pw@mcp.example/mcp?token=abc',
    });
    const { exposition } = setup({ current: snapshotOf([entry]) });
    const text = await exposition.render();
    expect(text).not.toContain('secret-project');
    expect(text).not.toContain('mcp.example');
  });
});

describe('label index', () => {
  it('falls back to the proxy key and to the log identity when no entry names them', () => {
    const index = new ServerLabelIndex(snapshotOf([]));
    expect(index.labelsOf({ proxyKey: 'Acme API' })).toEqual({
      client: 'tether',
      scope: 'proxy',
      name: 'Acme API',
      wrapped: 'true',
    });
    expect(index.labelsOf({ log: { client: 'cursor', scope: 'unknown', name: 'svc' } })).toEqual({
      client: 'cursor',
      scope: 'unknown',
      name: 'svc',
      wrapped: 'false',
    });
  });

  it('matches a proxy on serverKey (as its folder is named), preferring the configured, effective entry', () => {
    const shadowed = statusEntry({
      name: 'Acme API',
      wrapped: true,
      proxyKey: 'Acme API',
      effective: false,
      scope: 'user',
    });
    const effective = statusEntry({ name: 'Acme API', wrapped: true, proxyKey: 'Acme API', scope: 'local' });
    const index = new ServerLabelIndex(snapshotOf([shadowed, effective]));
    expect(index.labelsOf({ proxyKey: 'acme-api' })?.scope).toBe('local');
  });
});

describe('metric catalog', () => {
  it('names OpenTelemetry instruments so a collector translates them to the Prometheus names', () => {
    // The OpenTelemetry → Prometheus rule (collector exporters with metric suffixes on): dots to
    // underscores, `{annotation}` units dropped, `s` → `_seconds`, `By` → `_bytes`, `_total` on counters.
    const unitSuffix: Record<string, string> = { s: '_seconds', By: '_bytes' };
    for (const spec of Object.values(METRICS) as MetricSpec[]) {
      const translated =
        spec.otel.replace(/\./g, '_') +
        (unitSuffix[spec.unit] ?? '') +
        (spec.kind === 'counter' ? '_total' : '');
      expect(translated, spec.otel).toBe(spec.prom);
      expect(spec.unit === '1', 'unit 1 would add _ratio').toBe(false);
    }
  });
});

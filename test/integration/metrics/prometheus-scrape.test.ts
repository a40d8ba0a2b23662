import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnProxy, type StdioClient } from '../../helpers/mcp-stdio-client.js';
import { startPrometheus, type Prometheus } from '../../helpers/prometheus.js';
import { toolText } from '../../helpers/proxy-answer.js';
import { startReferenceServer, type ReferenceServer } from '../../helpers/reference-server.js';
import { runCli, stopChild, TETHER_BIN, waitForOutput } from '../../helpers/run-cli.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';

/**
 * Acceptance of issue 17: a real Prometheus (Debian's package) scrapes a real `tether serve` every
 * second while a real `tether proxy`, wrapped in Claude Code's config, rides out an outage of the real
 * reference server. Everything is read back through Prometheus's own HTTP API.
 */
const REF = 'client="claude-code",scope="user",name="ref",wrapped="true"';

let home: TempHome;
let server: ReferenceServer;
let serve: ChildProcess;
let prometheus: Prometheus;
let proxy: StdioClient;

/** Polls a PromQL expression until its first sample satisfies `accept`; returns that value. */
async function until(expr: string, accept: (value: number) => boolean, timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last: number | undefined;
  for (;;) {
    const [sample] = await prometheus.query(expr);
    last = sample?.value;
    if (last !== undefined && accept(last)) return last;
    if (Date.now() > deadline) {
      const targets = JSON.stringify(await prometheus.targets());
      throw new Error(`${expr} never matched (last value ${String(last)}); targets: ${targets}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

beforeAll(async () => {
  [home, server] = await Promise.all([
    createTempHome('tether-prom-'),
    startReferenceServer('streamableHttp'),
  ]);
  await writeFile(
    path.join(home.home, '.claude.json'),
    JSON.stringify({ mcpServers: { ref: { type: 'http', url: server.url } } }, null, 2),
  );
  const wrapped = await runCli(['wrap', 'ref', '--client', 'claude-code'], home.env);
  expect(wrapped.code, wrapped.stderr).toBe(0);

  const tokenFile = path.join(home.home, 'tether-token');
  serve = spawn(process.execPath, [TETHER_BIN, 'serve', '--no-open', '--token-file', tokenFile], {
    env: home.env,
  });
  const [url] = await waitForOutput(serve, /http:\/\/127\.0\.0\.1:\d+\//);
  prometheus = await startPrometheus({ target: new URL(url).host, tokenFile });
}, 60_000);

afterAll(async () => {
  await proxy?.kill();
  await prometheus?.stop();
  await stopChild(serve);
  await server?.stop();
  await home?.cleanup();
});

describe('Prometheus scrapes tether serve', () => {
  it('sees the status change, the reconnect and the tool calls of a proxy through an outage', async () => {
    await until('up{job="tether"}', (value) => value === 1);
    // Spawned as the wrapped entry says (`--name ref <url>`), with the V8 flags wrap writes.
    proxy = spawnProxy(['--budget', '20', '--name', 'ref', server.url], { env: home.env });
    await proxy.initialize();
    for (let i = 0; i < 3; i++)
      expect(toolText(await proxy.callTool('echo', { message: `m${i}` }))).toBe(`Echo: m${i}`);
    await until(`tether_server_status{${REF},status="connected"}`, (value) => value === 1);
    await until(`tether_server_tool_calls_total{${REF},outcome="ok"}`, (value) => value >= 3);
    expect(await until(`tether_server_reconnects_total{${REF}}`, () => true)).toBe(0);

    // The outage: the server dies; a call during it waits for the upstream.
    await server.stop();
    const during = proxy.callTool('echo', { message: 'during' }, { timeoutMs: 60_000 });
    await until(
      `sum(tether_server_status{${REF},status=~"reconnecting|upstream-down"})`,
      (value) => value === 1,
    );
    await until(`tether_server_status{${REF},status="connected"}`, (value) => value === 0);

    await server.start();
    expect(toolText(await during)).toBe('Echo: during');
    await until(`tether_server_status{${REF},status="connected"}`, (value) => value === 1);
    await until(`tether_server_reconnects_total{${REF}}`, (value) => value >= 1);
    await until(`tether_server_tool_calls_total{${REF},outcome="ok"}`, (value) => value >= 4);

    // What the TSDB kept: the bad status was there, the reconnect shows in increase(), calls were timed.
    expect(
      await until(
        `max(max_over_time(tether_server_status{${REF},status=~"reconnecting|upstream-down"}[5m]))`,
        () => true,
      ),
    ).toBe(1);
    expect(
      await until(`increase(tether_server_reconnects_total{${REF}}[5m])`, (value) => value > 0),
    ).toBeGreaterThan(0);
    expect(
      await until(`tether_server_tool_call_duration_seconds_count{${REF}}`, (value) => value >= 4),
    ).toBeGreaterThanOrEqual(4);
    // The call that waited out the outage took seconds, not milliseconds.
    expect(
      await until(`tether_server_tool_call_duration_seconds_bucket{${REF},le="0.5"}`, () => true),
    ).toBeLessThan(await until(`tether_server_tool_call_duration_seconds_count{${REF}}`, () => true));
    await until(`tether_server_connection_uptime_seconds_count{${REF}}`, (value) => value >= 1);
    await until(`tether_proxy_resident_memory_bytes{${REF},proxy="0"}`, (value) => value > 10e6);
    await until('tether_service_info{role="service"}', (value) => value === 1);
  }, 150_000);

  it('every query of the Grafana dashboard (docs/grafana/tether.json) runs and shows this outage', async () => {
    type Dashboard = {
      panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
      templating: { list: Array<{ name: string; definition?: string }> };
    };
    const dashboard = JSON.parse(await readFile('docs/grafana/tether.json', 'utf8')) as Dashboard;
    // What Grafana substitutes: every variable at "All", the built-in intervals.
    const expand = (expr: string): string =>
      expr
        .replace(/\$__rate_interval/g, '1m')
        .replace(/\$__range/g, '5m')
        .replace(/\$(instance|client|name)\b/g, '.*');
    for (const variable of dashboard.templating.list.filter((entry) => entry.definition)) {
      const [, selector, label] = /^label_values\((.*), (\w+)\)$/.exec(variable.definition!)!;
      const rows = await prometheus.query(expand(selector!));
      expect(
        rows.map((row) => row.metric[label!]),
        variable.name,
      ).toContain(
        { instance: rows[0]?.metric['instance'], client: 'claude-code', name: 'ref' }[variable.name],
      );
    }
    const mayBeEmpty = new Set(['Idle-cut fingerprint']); // no intermediary cut this test's streams
    for (const panel of dashboard.panels)
      for (const target of panel.targets) {
        const rows = await prometheus.query(expand(target.expr));
        if (!mayBeEmpty.has(panel.title))
          expect(rows.length, `${panel.title}: ${target.expr}`).toBeGreaterThan(0);
      }
    const status = dashboard.panels.find((panel) => panel.title === 'Status per server')!;
    const [now] = await prometheus.query(expand(status.targets[0]!.expr));
    expect(now?.value).toBe(0); // 0 = connected in the panel's value mappings
    const reconnects = dashboard.panels.find((panel) => panel.title === 'Reconnects')!;
    const perInterval = await prometheus.query(expand(reconnects.targets[0]!.expr).replace('[1m]', '[5m]'));
    expect(perInterval.find((row) => row.metric['name'] === 'ref')?.value).toBeGreaterThan(0);
  }, 60_000);
});

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diagnose } from '../../../electron/core/diagnose/diagnose.js';
import { buildTimelines } from '../../../electron/core/timeline/build-timelines.js';
import type { ServerTimeline } from '../../../shared/timeline-model.js';
import {
  installClaudeCodeScenario,
  linuxPathEnv,
  SCENARIOS,
} from '../../helpers/claude-code-fixture-home.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';

let home: TempHome;
beforeEach(async () => {
  home = await createTempHome();
});
afterEach(async () => home.cleanup());

const NOW = Date.parse('2026-11-21T02:00:00Z');

async function timeline(): Promise<ServerTimeline> {
  const { timelines } = await buildTimelines(
    { pathEnv: linuxPathEnv(home), dataDir: home.dataDir },
    { nowMs: NOW },
  );
  expect(timelines).toHaveLength(1);
  return timelines[0]!;
}

/** Writes Claude Code JSONL lines (documented templates, client-formats §1c) at 1 s steps from `start`. */
async function writeClaudeCodeLog(
  lines: Array<string | [number, string] | { error: string }>,
  start = '2026-11-21T01:00:00.000Z',
): Promise<void> {
  const dir = path.join(
    home.env['XDG_CACHE_HOME']!,
    'claude-cli-nodejs',
    '-home-dev-projects-acme',
    'mcp-logs-svc',
  );
  await mkdir(dir, { recursive: true });
  let at = Date.parse(start);
  const text = lines
    .map((line) => {
      const [offset, message, key] = Array.isArray(line)
        ? [line[0], line[1], 'debug']
        : typeof line === 'string'
          ? [1000, line, 'debug']
          : [1000, line.error, 'error'];
      at += offset;
      return JSON.stringify({
        [key]: message,
        timestamp: new Date(at).toISOString(),
        sessionId: 's1',
        cwd: '/home/dev/projects/acme',
      });
    })
    .join('\n');
  await writeFile(path.join(dir, '2026-11-21T01-00-00-000Z.jsonl'), `${text}\n`);
}

const CONNECT = [
  'Starting connection with timeout of 30000ms',
  'Successfully connected (transport: http) in 50ms',
];

function rules(findings: ReturnType<typeof diagnose>): string[] {
  return findings.map((finding) => finding.rule);
}

describe('diagnosis rules', () => {
  it('stay silent on a healthy log', async () => {
    await installClaudeCodeScenario(home, 'healthy', '2026-11-21T00-15-17-517Z.jsonl');
    expect(diagnose(await timeline())).toEqual([]);
  });

  it('idle cut at 3 s (real capture): names the measured value', async () => {
    await installClaudeCodeScenario(home, ...SCENARIOS.idleCut);
    const finding = diagnose(await timeline()).find((f) => f.rule === 'idle-cut');
    expect(finding?.title).toMatch(/every ~3 s/);
    expect(finding?.evidence[0]).toMatchObject({
      file: expect.stringContaining('.jsonl'),
      line: expect.any(Number),
    });
  });

  it('idle cut at 600 s names the ingress timeout', async () => {
    // An ingress cutting idle streams at 600 s: the client re-opens 1 s after each cut, so cuts are
    // 601 s apart; each stream lived 600 s.
    const cut = (after: number, uptime: number): Array<[number, string]> => [
      [after, `HTTP connection dropped after ${uptime}s uptime`],
      [1, 'Connection error: SSE stream disconnected: TypeError: terminated'],
    ];
    await writeClaudeCodeLog([
      ...CONNECT,
      ...cut(600_000, 600),
      ...cut(600_999, 1201),
      ...cut(600_999, 1802),
    ]);
    const finding = diagnose(await timeline()).find((f) => f.rule === 'idle-cut');
    expect(finding?.title).toMatch(/~600 s: an ingress-nginx `proxy-read-timeout`/);
    expect(finding?.remedy).toMatch(/proxy-read-timeout/);
  });

  it('stale session after a server restart (real capture), flagged as a 400', async () => {
    await installClaudeCodeScenario(home, ...SCENARIOS.restart);
    const finding = diagnose(await timeline()).find((f) => f.rule === 'stale-session');
    expect(finding?.title).toMatch(/400 instead of 404/);
  });

  it('server down at client start (real capture)', async () => {
    await installClaudeCodeScenario(home, ...SCENARIOS.downAtStart);
    const found = diagnose(await timeline());
    expect(found.find((f) => f.rule === 'down-at-start')?.severity).toBe('error');
  });

  it('406 Accept problems', async () => {
    await writeClaudeCodeLog([
      ...CONNECT,
      'Calling MCP tool: echo',
      'Connection error: Error POSTing to endpoint (HTTP 406): Not Acceptable: Client must accept both application/json and text/event-stream',
    ]);
    expect(rules(diagnose(await timeline()))).toContain('accept-406');
  });

  it('auth expiry', async () => {
    await writeClaudeCodeLog([
      ...CONNECT,
      'Tool call returned 401 Unauthorized - token may have expired',
      'Authentication required for HTTP server',
    ]);
    const finding = diagnose(await timeline()).find((f) => f.rule === 'auth');
    expect(finding?.title).toMatch(/expired/);
  });

  it('rate limiting', async () => {
    await writeClaudeCodeLog([
      ...CONNECT,
      'Calling MCP tool: echo',
      "Tool 'echo' failed after 0s: Streamable HTTP error: Error POSTing to endpoint (HTTP 429): Too Many Requests",
    ]);
    expect(rules(diagnose(await timeline()))).toContain('rate-limit');
  });

  it('DNS and IPv6 failures', async () => {
    await writeClaudeCodeLog([
      'Starting connection with timeout of 30000ms',
      'Connection failed after 12ms: getaddrinfo ENOTFOUND mcp.example.invalid',
    ]);
    expect(diagnose(await timeline()).find((f) => f.rule === 'dns-ipv6')?.title).toMatch(/does not resolve/);
  });

  it('empty tool list after reconnect', async () => {
    await writeClaudeCodeLog([
      ...CONNECT,
      'OAuth complete, reconnected with 5 tool(s)',
      'HTTP connection closed after 3s (with errors)',
      ...CONNECT,
      'OAuth complete, reconnected with 0 tool(s)',
    ]);
    expect(rules(diagnose(await timeline()))).toContain('empty-tools');
  });

  it('stdio crash loop, with the stderr tail', async () => {
    const life = (): Array<string | { error: string }> => [
      'Starting connection with timeout of 30000ms',
      { error: 'Server stderr: Error: OPENAI_API_KEY missing' },
      'Successfully connected (transport: stdio) in 300ms',
      'STDIO connection closed after 1s (with errors)',
    ];
    await writeClaudeCodeLog([...life(), ...life(), ...life()]);
    const finding = diagnose(await timeline()).find((f) => f.rule === 'crash-loop');
    expect(finding?.explanation).toContain('Error: OPENAI_API_KEY missing');
  });

  it('hung or slow calls', async () => {
    await writeClaudeCodeLog([
      ...CONNECT,
      'Calling MCP tool: build',
      [30_000, "Tool 'build' still running (30s elapsed)"],
      [40_000, "Tool 'build' completed successfully in 70s"],
    ]);
    expect(rules(diagnose(await timeline()))).toContain('slow-calls');
  });

  it('the server is fine, the client side drops (proxy journal says connected)', async () => {
    await writeClaudeCodeLog([
      ...CONNECT,
      'HTTP connection dropped after 5s uptime',
      'HTTP connection closed after 6s (with errors)',
    ]);
    const journalDir = path.join(home.dataDir, 'proxies', 'svc');
    await mkdir(journalDir, { recursive: true });
    const hello = {
      v: 1,
      ts: '2026-11-21T00:59:00.000Z',
      pid: 42,
      type: 'hello',
      server: { name: 'svc', key: 'svc' },
      upstream: 'https://mcp.example.com/mcp',
      transport: 'streamable-http',
      version: '0.1.0',
      startedAt: '2026-11-21T00:59:00.000Z',
    };
    const state = {
      v: 1,
      ts: '2026-11-21T00:59:01.000Z',
      pid: 42,
      type: 'state',
      state: 'connected',
      reason: 'connected',
      message: 'connected',
    };
    // A running proxy writes its counters every minute: its journal is recent and its pid alive.
    const metrics = {
      v: 1,
      ts: '2026-11-21T01:59:30.000Z',
      pid: 42,
      type: 'metrics',
      uptimeS: 3630,
      requests: 3,
      errors: 0,
      inFlight: 0,
      reinits: 0,
      reconnects: 0,
      streamCuts: 0,
      replays: 0,
      rateLimited: 0,
    };
    await writeFile(
      path.join(journalDir, 'journal.jsonl'),
      `${[hello, state, metrics].map((line) => JSON.stringify(line)).join('\n')}\n`,
    );
    const { timelines } = await buildTimelines(
      { pathEnv: linuxPathEnv(home), dataDir: home.dataDir },
      { nowMs: NOW, pidAlive: (pid) => pid === 42 },
    );
    const client = timelines.find((t) => t.server.client === 'claude-code')!;
    expect(client.proxy).toMatchObject({
      key: 'svc',
      state: 'connected',
      pid: 42,
      upstream: 'https://mcp.example.com/mcp',
    });
    expect(client).toMatchObject({ status: 'connected', inferred: false });
    expect(rules(diagnose(client))).toContain('client-side-drops');
  });
});

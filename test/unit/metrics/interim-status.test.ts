import { describe, expect, it } from 'vitest';
import { interimStatusSnapshot } from '../../../electron/core/metrics/interim-status.js';
import { SERVER_STATUSES } from '../../../electron/core/metrics/metric-catalog.js';
import type { ServerRecord } from '../../../shared/server-model.js';
import { statusSnapshotSchema } from '../../../shared/server-status.js';
import { serverStatusSchema, type ServerTimeline } from '../../../shared/timeline-model.js';

function record(name: string, overrides: Partial<ServerRecord> = {}): ServerRecord {
  return {
    client: 'claude-code',
    scope: 'user',
    project: null,
    name,
    transport: 'http',
    url: 'https://mcp.example/mcp',
    command: null,
    args: [],
    headers: {},
    env: {},
    configPath: '/home/dev/.claude.json',
    location: ['mcpServers', name],
    wrapped: false,
    upstream: null,
    effective: true,
    disabled: false,
    readOnly: false,
    ...overrides,
  };
}

function timeline(
  client: ServerTimeline['server']['client'],
  scope: ServerTimeline['server']['scope'],
  name: string,
  status: ServerTimeline['status'],
  live?: boolean,
): ServerTimeline {
  return {
    key: `${client}/${scope}/${name}`,
    server: { client, scope, name },
    status,
    inferred: live === undefined,
    statusReason: '',
    connections: [],
    counters: {} as ServerTimeline['counters'],
    uptimeS: { count: 0 },
    disconnectAgesS: [],
    disconnectAge: { count: 0 },
    toolLatencyMs: { count: 0 },
    toolsListed: [],
    httpStatuses: {},
    stderrTail: [],
    sessions: [],
    files: [],
    events: [],
    ...(live === undefined ? {} : { proxy: { key: name, live, streamCuts: 0, reinits: 0 } }),
  };
}

describe('interim status snapshot (until electron/core/status/ lands)', () => {
  it('gives a wrapped server its proxy status only while the proxy runs, and logs-only servers their own entry', () => {
    const snapshot = interimStatusSnapshot({
      servers: [
        record('Acme API', { wrapped: true }),
        record('down', { wrapped: true }),
        record('svc'),
        record('never', { wrapped: true }),
      ],
      timelines: [
        timeline('tether', 'proxy', 'acme-api', 'upstream-down', true),
        timeline('claude-code', 'user', 'Acme API', 'connected'), // Claude Code's log of the proxy: not a second server
        timeline('tether', 'proxy', 'down', 'connected', false),
        timeline('claude-code', 'local', 'svc', 'degraded'),
        timeline('cursor', 'unknown', 'only-in-logs', 'connected'),
      ],
      liveProxies: new Map([['acme-api', 2]]),
    });
    expect(statusSnapshotSchema.safeParse(snapshot).success).toBe(true);
    expect(
      snapshot.servers.map(({ name, status, wrapped, proxyKey, liveProxies, configured }) => ({
        name,
        status,
        wrapped,
        proxyKey,
        liveProxies,
        configured,
      })),
    ).toEqual([
      {
        name: 'Acme API',
        status: 'upstream-down',
        wrapped: true,
        proxyKey: 'acme-api',
        liveProxies: 2,
        configured: true,
      },
      { name: 'down', status: 'unknown', wrapped: true, proxyKey: 'down', liveProxies: 0, configured: true },
      { name: 'svc', status: 'degraded', wrapped: false, proxyKey: null, liveProxies: 0, configured: true },
      {
        name: 'never',
        status: 'never-attached',
        wrapped: true,
        proxyKey: 'never',
        liveProxies: 0,
        configured: true,
      },
      {
        name: 'only-in-logs',
        status: 'connected',
        wrapped: false,
        proxyKey: null,
        liveProxies: 0,
        configured: false,
      },
    ]);
    expect(snapshot.summary).toMatchObject({ total: 5, worst: 'upstream-down' });
  });

  it('the catalog lists every status of the model (kept zod-free for the proxy)', () => {
    expect([...SERVER_STATUSES].sort()).toEqual([...serverStatusSchema.options].sort());
  });
});

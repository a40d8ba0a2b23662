import {
  summarizeStatuses,
  type ServerStatusEntry,
  type StatusSnapshot,
} from '../../../../shared/server-status.js';
import type { ServerStatus } from '../../../../shared/timeline-model.js';

/** A status entry as the service's status model would send it, live and wrapped unless told. */
export function entry(
  name: string,
  status: ServerStatus,
  overrides: Partial<ServerStatusEntry> = {},
): ServerStatusEntry {
  return {
    key: `claude-code|user||${name}`,
    client: 'claude-code',
    scope: 'user',
    project: null,
    name,
    configured: true,
    configPath: '/home/me/.claude.json',
    disabled: false,
    effective: true,
    status,
    reason: status === 'connected' ? 'answering' : `${status} for 31 s`,
    since: '2026-12-05T10:00:00.000Z',
    source: 'live-proxy',
    live: true,
    sourceNote: 'live from the proxy',
    wrapped: true,
    proxyKey: name,
    liveProxies: 1,
    transport: 'http',
    upstream: 'https://example.test/mcp',
    toolCount: 3,
    lastProblem: null,
    lastSeen: '2026-12-05T10:00:00.000Z',
    actions: status === 'needs-auth' ? ['sign-in', 'reconnect'] : ['reconnect', 'reset-session', 'restart'],
    ...overrides,
  };
}

export function snapshot(
  servers: ServerStatusEntry[],
  generatedAt = '2026-12-05T10:00:00.000Z',
): StatusSnapshot {
  return { generatedAt, servers, problems: [], summary: summarizeStatuses(servers) };
}

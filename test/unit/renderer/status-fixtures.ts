import {
  serverStatusEntrySchema,
  summarizeStatuses,
  type ServerStatusEntry,
  type StatusSnapshot,
} from '../../../shared/server-status.js';

/** A status entry as the service sends it, checked against the contract's schema. */
export function makeEntry(patch: Partial<ServerStatusEntry> & { name: string }): ServerStatusEntry {
  return serverStatusEntrySchema.parse({
    key: `claude-code|user||${patch.name}`,
    client: 'claude-code',
    scope: 'user',
    project: null,
    configured: true,
    configPath: '/home/u/.claude.json',
    disabled: false,
    effective: true,
    status: 'connected',
    reason: 'upstream answered',
    since: '2026-01-01T10:00:00.000Z',
    source: 'live-proxy',
    live: true,
    sourceNote: 'live from its proxy',
    wrapped: true,
    proxyKey: patch.name,
    liveProxies: 1,
    transport: 'http',
    upstream: 'http://127.0.0.1:1/mcp',
    toolCount: 3,
    lastProblem: null,
    lastSeen: null,
    actions: ['reconnect', 'reset-session', 'unwrap'],
    ...patch,
  });
}

export function makeSnapshot(servers: ServerStatusEntry[]): StatusSnapshot {
  return {
    generatedAt: new Date().toISOString(),
    servers,
    problems: [],
    summary: summarizeStatuses(servers),
  };
}

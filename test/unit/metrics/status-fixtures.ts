import {
  summarizeStatuses,
  type ServerStatusEntry,
  type StatusSnapshot,
} from '../../../shared/server-status.js';

/** A status entry with every field the contract requires; tests override what they look at. */
export function statusEntry(
  overrides: Partial<ServerStatusEntry> & Pick<ServerStatusEntry, 'name'>,
): ServerStatusEntry {
  return {
    key: `claude-code/user/${overrides.name}`,
    client: 'claude-code',
    scope: 'user',
    project: null,
    configured: true,
    configPath: '/home/dev/.claude.json',
    disabled: false,
    effective: true,
    status: 'connected',
    reason: '',
    since: null,
    source: 'config',
    live: false,
    sourceNote: '',
    wrapped: false,
    proxyKey: null,
    liveProxies: 0,
    transport: 'http',
    upstream: null,
    toolCount: null,
    lastProblem: null,
    lastSeen: null,
    actions: [],
    ...overrides,
  };
}

export function snapshotOf(servers: ServerStatusEntry[]): StatusSnapshot {
  return {
    generatedAt: new Date(0).toISOString(),
    servers,
    problems: [],
    summary: summarizeStatuses(servers),
  };
}

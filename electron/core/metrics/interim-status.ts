import { serverKey } from '../../../shared/control-protocol-constants.js';
import type { ServerRecord } from '../../../shared/server-model.js';
import {
  summarizeStatuses,
  type ServerStatusEntry,
  type StatusSnapshot,
} from '../../../shared/server-status.js';
import type { ServerTimeline } from '../../../shared/timeline-model.js';

/**
 * INTERIM: a StatusSnapshot assembled from what the service has today (the watched configs, the live
 * timelines, the proxies on the control socket), so the metrics run against the status contract
 * before the one status model (electron/core/status/) lands. When it does, `service-metrics.ts`
 * reads that model instead and this file is deleted. It only fills what the metrics read: identity,
 * status, wrapped, proxy key, live proxies.
 */
export function interimStatusSnapshot(input: {
  servers: readonly ServerRecord[];
  timelines: readonly ServerTimeline[];
  /** Running proxies per proxy key (`serverKey` of `--name`). */
  liveProxies: ReadonlyMap<string, number>;
  now?: Date;
}): StatusSnapshot {
  const used = new Set<ServerTimeline>();
  const proxyTimelines = new Map<string, ServerTimeline>();
  const byClientName = new Map<string, ServerTimeline[]>();
  for (const timeline of input.timelines) {
    if (timeline.server.client === 'tether') proxyTimelines.set(serverKey(timeline.server.name), timeline);
    const key = `${timeline.server.client}\u0000${timeline.server.name}`;
    byClientName.set(key, [...(byClientName.get(key) ?? []), timeline]);
  }
  const entries: ServerStatusEntry[] = input.servers.map((record) => {
    const logged = byClientName.get(`${record.client}\u0000${record.name}`) ?? [];
    if (record.wrapped) {
      // The client's own log of a wrapped server is about the proxy: the proxy's status wins.
      for (const timeline of logged) used.add(timeline);
      const key = serverKey(record.name);
      const timeline = proxyTimelines.get(key);
      if (timeline) used.add(timeline);
      const live = timeline?.proxy?.live === true;
      return entry(record, {
        status: live ? timeline.status : timeline ? 'unknown' : 'never-attached',
        live,
        proxyKey: key,
        liveProxies: input.liveProxies.get(key) ?? 0,
        lastSeen: timeline?.lastSeen ?? null,
      });
    }
    const timeline =
      logged.find((candidate) => candidate.server.scope === record.scope) ??
      logged.find((candidate) => !used.has(candidate));
    if (timeline) used.add(timeline);
    return entry(record, {
      status: timeline?.status ?? 'unknown',
      live: false,
      proxyKey: null,
      liveProxies: 0,
      lastSeen: timeline?.lastSeen ?? null,
    });
  });
  for (const timeline of input.timelines) {
    if (used.has(timeline)) continue;
    const isProxy = timeline.server.client === 'tether';
    const key = serverKey(timeline.server.name);
    entries.push({
      ...blank(),
      key: timeline.key,
      client: timeline.server.client,
      scope: timeline.server.scope,
      project: timeline.server.project ?? null,
      name: timeline.server.name,
      status: timeline.status,
      reason: timeline.statusReason,
      source: isProxy ? (timeline.proxy?.live ? 'live-proxy' : 'proxy-journal') : 'client-logs',
      live: isProxy && timeline.proxy?.live === true,
      wrapped: isProxy,
      proxyKey: isProxy ? key : null,
      liveProxies: isProxy ? (input.liveProxies.get(key) ?? 0) : 0,
      lastSeen: timeline.lastSeen ?? null,
    });
  }
  return {
    generatedAt: (input.now ?? new Date()).toISOString(),
    servers: entries,
    problems: [],
    summary: summarizeStatuses(entries),
  };
}

function entry(
  record: ServerRecord,
  facts: Pick<ServerStatusEntry, 'status' | 'live' | 'proxyKey' | 'liveProxies' | 'lastSeen'>,
): ServerStatusEntry {
  return {
    ...blank(),
    key: JSON.stringify([record.client, record.scope, record.project, record.name]),
    client: record.client,
    scope: record.scope,
    project: record.project,
    name: record.name,
    configured: true,
    configPath: record.configPath,
    disabled: record.disabled,
    effective: record.effective,
    wrapped: record.wrapped,
    transport: record.transport,
    source: facts.live ? 'live-proxy' : 'config',
    ...facts,
  };
}

function blank(): Omit<ServerStatusEntry, 'key' | 'client' | 'scope' | 'project' | 'name'> {
  return {
    configured: false,
    configPath: null,
    disabled: false,
    effective: true,
    status: 'unknown',
    reason: '',
    since: null,
    source: 'config',
    live: false,
    sourceNote: 'interim status (metrics only)',
    wrapped: false,
    proxyKey: null,
    liveProxies: 0,
    transport: 'unknown',
    upstream: null,
    toolCount: null,
    lastProblem: null,
    lastSeen: null,
    actions: [],
  };
}

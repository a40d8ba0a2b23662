import { serverKey } from '../../../shared/control-protocol-constants.js';
import { identityKey, type ServerRecord } from '../../../shared/server-model.js';
import type { ServerAction, ServerStatusEntry, StatusClient } from '../../../shared/server-status.js';
import type { ServerStatus, ServerTimeline } from '../../../shared/timeline-model.js';
import { redactText } from '../redact.js';
import { causeOf, type LiveProxyState } from '../timeline/proxy-status.js';

/** What the status model merges: the watched configs, the timelines, the hub's live proxy states. */
export type StatusInputs = {
  servers: readonly ServerRecord[];
  timelines: readonly ServerTimeline[];
  /** Per proxy key (`serverKey(--name)`), aggregated over that key's connected proxies. */
  live: ReadonlyMap<string, LiveProxyState>;
};

const CLIENT_LABEL: Record<string, string> = {
  'claude-code': 'Claude Code',
  'claude-desktop': 'Claude Desktop',
  cursor: 'Cursor',
  vscode: 'VS Code',
  windsurf: 'Windsurf',
  codex: 'Codex',
  tether: 'Tether',
};

/** The stable key of an entry: its identity `(client, scope, project, name)` as one JSON string. */
export function statusKey(client: string, scope: string, project: string | null, name: string): string {
  return identityKey({ client, scope, project, name } as Parameters<typeof identityKey>[0]);
}

/**
 * One entry per configured server of every client, then one per server known only from logs or a
 * proxy journal. A wrapped server's status comes from its proxy (live on the control socket, else its
 * journal); a proxy that is not running makes it `unknown` or `never-attached`, never `connected`.
 */
export function buildStatusEntries(input: StatusInputs): ServerStatusEntry[] {
  const proxyTimelines = new Map<string, ServerTimeline>();
  const byClientName = new Map<string, ServerTimeline[]>();
  for (const timeline of input.timelines) {
    if (timeline.server.client === 'tether') proxyTimelines.set(serverKey(timeline.server.name), timeline);
    else {
      const key = `${timeline.server.client}\u0000${timeline.server.name}`;
      byClientName.set(key, [...(byClientName.get(key) ?? []), timeline]);
    }
  }
  const used = new Set<ServerTimeline>();
  const entries: ServerStatusEntry[] = [];
  for (const record of input.servers) {
    const logged = byClientName.get(`${record.client}\u0000${record.name}`) ?? [];
    if (record.wrapped) {
      // The client's own log of a wrapped server is about the proxy: the proxy's word wins.
      for (const timeline of logged) used.add(timeline);
      const key = serverKey(record.name);
      const timeline = proxyTimelines.get(key);
      if (timeline) used.add(timeline);
      entries.push(wrappedEntry(recordBase(record), key, timeline, input.live.get(key)));
      continue;
    }
    const timeline =
      logged.find((candidate) => candidate.server.scope === record.scope && !used.has(candidate)) ??
      logged.find((candidate) => !used.has(candidate));
    if (timeline) used.add(timeline);
    entries.push(loggedEntry(recordBase(record), timeline));
  }
  const seenProxyKeys = new Set<string>();
  for (const timeline of input.timelines) {
    if (used.has(timeline)) continue;
    const base = timelineBase(timeline);
    if (timeline.server.client === 'tether') {
      const key = serverKey(timeline.server.name);
      seenProxyKeys.add(key);
      entries.push(wrappedEntry(base, key, timeline, input.live.get(key)));
    } else entries.push(loggedEntry(base, timeline));
  }
  // A proxy on the socket with no journal line read yet and no config entry naming it.
  const wrappedKeys = new Set(entries.flatMap((entry) => (entry.proxyKey ? [entry.proxyKey] : [])));
  for (const [key, live] of input.live) {
    if (wrappedKeys.has(key) || seenProxyKeys.has(key)) continue;
    entries.push(
      wrappedEntry({ ...blank(), ...identity('tether', 'proxy', null, key) }, key, undefined, live),
    );
  }
  return entries;
}

type EntryBase = Omit<ServerStatusEntry, 'status' | 'reason' | 'since' | 'source' | 'live' | 'sourceNote'> & {
  recordUpstream: string | null;
  stdio: boolean;
};

function identity(
  client: StatusClient,
  scope: string,
  project: string | null,
  name: string,
): Pick<ServerStatusEntry, 'key' | 'client' | 'scope' | 'project' | 'name'> {
  return { key: statusKey(client, scope, project, name), client, scope, project, name };
}

function blank(): Omit<EntryBase, 'key' | 'client' | 'scope' | 'project' | 'name'> {
  return {
    configured: false,
    configPath: null,
    disabled: false,
    effective: true,
    wrapped: false,
    proxyKey: null,
    liveProxies: 0,
    transport: 'unknown',
    upstream: null,
    toolCount: null,
    lastProblem: null,
    lastSeen: null,
    actions: [],
    recordUpstream: null,
    stdio: false,
  };
}

function recordBase(record: ServerRecord): EntryBase {
  const target = record.wrapped ? record.upstream : record;
  const upstream = target
    ? (target.url ?? ([target.command, ...target.args].filter(Boolean).join(' ') || null))
    : null;
  const transport = (record.wrapped ? record.upstream?.transport : record.transport) ?? record.transport;
  return {
    ...blank(),
    ...identity(record.client, record.scope, record.project, record.name),
    configured: true,
    configPath: record.configPath,
    disabled: record.disabled,
    effective: record.effective,
    wrapped: record.wrapped,
    transport,
    recordUpstream: upstream === null ? null : redactText(upstream),
    stdio: transport === 'stdio',
  };
}

function timelineBase(timeline: ServerTimeline): EntryBase {
  const { client, scope, project, name } = timeline.server;
  return { ...blank(), ...identity(client, scope, project ?? null, name) };
}

/** A server behind `tether proxy`: live from the hub, else from its journal, else never attached. */
function wrappedEntry(
  base: EntryBase,
  key: string,
  timeline: ServerTimeline | undefined,
  live: LiveProxyState | undefined,
): ServerStatusEntry {
  const proxy = timeline?.proxy;
  const upstream = live?.upstream ?? proxy?.upstream ?? base.recordUpstream;
  const facts = {
    ...evidence(timeline),
    wrapped: true,
    proxyKey: key,
    liveProxies: live?.proxies ?? (live ? 1 : 0),
    upstream: upstream ? redactText(upstream) : null,
    transport: base.transport === 'unknown' && upstream?.startsWith('stdio') ? 'stdio' : base.transport,
  };
  const stdio = base.stdio || facts.transport === 'stdio';
  if (live) {
    const message = proxy?.lastRun?.lastStateMessage;
    const cause = live.state === 'connected' ? undefined : causeOf(message);
    const sessions = facts.liveProxies > 1 ? ` (${facts.liveProxies} client sessions)` : '';
    return finish(base, facts, {
      status: live.state,
      reason: cause
        ? `${live.state.replace(/-/g, ' ')}: ${cause}`
        : `${live.state.replace(/-/g, ' ')} through the proxy${sessions}`,
      since: live.since,
      source: 'live-proxy',
      live: true,
      sourceNote: `live: the proxy (pid ${live.pid ?? '?'}) reports it over the control socket`,
      actions: liveActions(live.state, stdio),
    });
  }
  if (!timeline || !proxy) {
    return finish(base, facts, {
      status: 'never-attached',
      reason: 'wrapped; no client has started its proxy yet',
      since: null,
      source: 'config',
      live: false,
      sourceNote: 'no proxy has run for this server',
      actions: base.configured ? ['unwrap'] : [],
    });
  }
  // The proxy is not on the socket: its journal tells, and only a running proxy may say `connected`.
  const running = proxy.running === true;
  const status: ServerStatus = running || timeline.status !== 'connected' ? timeline.status : 'unknown';
  return finish(base, facts, {
    status,
    reason: status === timeline.status ? timeline.statusReason : 'no client attached now',
    since: proxy.lastRun?.endedAt ?? proxy.since ?? null,
    source: 'proxy-journal',
    live: false,
    sourceNote: running
      ? `from the proxy's journal (pid ${proxy.pid ?? '?'} runs, but not on this service's control socket)`
      : 'proxy not running: from its journal',
    actions: base.configured ? ['unwrap'] : [],
  });
}

/** A server Tether does not wrap: inferred from its client's own logs, and saying so. */
function loggedEntry(base: EntryBase, timeline: ServerTimeline | undefined): ServerStatusEntry {
  const facts = { ...evidence(timeline), upstream: base.recordUpstream };
  const actions: ServerAction[] = base.configured ? ['wrap'] : [];
  if (!timeline) {
    return finish(base, facts, {
      status: 'unknown',
      reason: 'not wrapped, and no log evidence',
      since: null,
      source: 'config',
      live: false,
      sourceNote: `not wrapped: no live status; ${CLIENT_LABEL[base.client] ?? base.client} logged nothing about it`,
      actions,
    });
  }
  return finish(base, facts, {
    status: timeline.status,
    reason: timeline.statusReason,
    since: sinceOf(timeline),
    source: 'client-logs',
    live: false,
    sourceNote: `inferred from ${CLIENT_LABEL[timeline.server.client] ?? timeline.server.client}'s logs (not wrapped, so not live)`,
    actions,
  });
}

function finish(
  base: EntryBase,
  facts: Partial<ServerStatusEntry>,
  status: Pick<
    ServerStatusEntry,
    'status' | 'reason' | 'since' | 'source' | 'live' | 'sourceNote' | 'actions'
  >,
): ServerStatusEntry {
  const rest: Partial<EntryBase> = { ...base };
  delete rest.recordUpstream;
  delete rest.stdio;
  return { ...(rest as Omit<EntryBase, 'recordUpstream' | 'stdio'>), ...facts, ...status };
}

/** What a live proxy can do now, most useful first. */
function liveActions(state: ServerStatus, stdio: boolean): ServerAction[] {
  const actions: ServerAction[] = state === 'needs-auth' ? ['sign-in'] : [];
  actions.push('reconnect', 'reset-session');
  if (stdio) actions.push('restart');
  actions.push('unwrap');
  return actions;
}

/** Tool count, last problem and last evidence from a timeline. */
function evidence(
  timeline: ServerTimeline | undefined,
): Pick<ServerStatusEntry, 'toolCount' | 'lastProblem' | 'lastSeen'> {
  if (!timeline) return { toolCount: null, lastProblem: null, lastSeen: null };
  const problem = [...timeline.events]
    .reverse()
    .find((event) => event.level === 'error' || event.level === 'warn');
  return {
    toolCount: timeline.toolsListed.at(-1)?.count ?? null,
    lastProblem: problem
      ? { time: problem.time, message: redactText(problem.message.split('\n')[0]!.slice(0, 200)) }
      : null,
    lastSeen: timeline.lastSeen ?? null,
  };
}

/** When the inferred status began: the open connection's start, else the newest lifecycle event. */
function sinceOf(timeline: ServerTimeline): string | null {
  const open = timeline.connections.findLast((connection) => !connection.end);
  if (timeline.status === 'connected' && open) return open.start;
  const lifecycle = new Set([
    'connected',
    'connect_failed',
    'disconnected',
    'reconnecting',
    'session_expired',
    'auth_required',
    'timeout',
    'connecting',
  ]);
  const last = timeline.events.findLast((event) => lifecycle.has(event.kind));
  return last?.time ?? timeline.lastSeen ?? null;
}

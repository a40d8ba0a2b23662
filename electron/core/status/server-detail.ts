import { serverKey } from '../../../shared/control-protocol-constants.js';
import type { Finding, ServerDetail } from '../../../shared/server-detail.js';
import type { ServerAction, ServerStatusEntry } from '../../../shared/server-status.js';
import type { ServerTimeline } from '../../../shared/timeline-model.js';
import { diagnose } from '../diagnose/diagnose.js';
import { redactText } from '../redact.js';
import { readProxyActivity } from './proxy-journal-activity.js';

/**
 * The timeline an entry's status was built from: a wrapped server's proxy timeline, else the client's
 * own timeline of that name (the same scope first).
 */
export function timelineOf(
  entry: ServerStatusEntry,
  timelines: readonly ServerTimeline[],
): ServerTimeline | undefined {
  if (entry.wrapped && entry.proxyKey)
    return timelines.find(
      (timeline) => timeline.server.client === 'tether' && serverKey(timeline.server.name) === entry.proxyKey,
    );
  const named = timelines.filter(
    (timeline) => timeline.server.client === entry.client && timeline.server.name === entry.name,
  );
  return named.find((timeline) => timeline.server.scope === entry.scope) ?? named[0];
}

/**
 * Which action applies a finding's remedy, given what the server allows now: an idle cut or a stale
 * session of an unwrapped server is what wrapping cures; a wrapped one is reset, reconnected, restarted
 * or signed in through its running proxy.
 */
const REMEDY_ACTIONS: Record<string, { wrapped?: ServerAction; unwrapped?: ServerAction }> = {
  'idle-cut': { unwrapped: 'wrap' },
  'stale-session': { wrapped: 'reset-session', unwrapped: 'wrap' },
  auth: { wrapped: 'sign-in' },
  outage: { wrapped: 'reconnect' },
  'calls-failed-unreachable': { wrapped: 'reconnect', unwrapped: 'wrap' },
  'down-at-start': { wrapped: 'reconnect', unwrapped: 'wrap' },
  'empty-tools': { wrapped: 'reconnect', unwrapped: 'wrap' },
  'server-exited': { wrapped: 'restart' },
  'crash-loop': { wrapped: 'restart' },
  'client-side-drops': { unwrapped: 'wrap' },
};

export function remedyAction(
  rule: string,
  entry: Pick<ServerStatusEntry, 'wrapped' | 'actions'>,
): ServerAction | undefined {
  const mapped = REMEDY_ACTIONS[rule];
  const action = entry.wrapped ? mapped?.wrapped : mapped?.unwrapped;
  return action && entry.actions.includes(action) ? action : undefined;
}

/** Everything the detail page shows about one server. */
export async function buildServerDetail(
  entry: ServerStatusEntry,
  timelines: readonly ServerTimeline[],
  dataDir: string,
): Promise<ServerDetail> {
  const timeline = timelineOf(entry, timelines) ?? null;
  const findings: Finding[] = timeline
    ? diagnose(timeline, undefined, { wrapped: entry.wrapped }).map(({ serverKey: _key, ...finding }) => {
        const action = remedyAction(finding.rule, entry);
        return { ...finding, ...(action ? { action } : {}) };
      })
    : [];
  const journal = entry.proxyKey
    ? await readProxyActivity(dataDir, entry.proxyKey)
    : { activity: [], security: [] };
  const perFile = new Map<string, number>();
  for (const event of timeline?.events ?? [])
    perFile.set(event.source.file, (perFile.get(event.source.file) ?? 0) + 1);
  return {
    entry,
    timeline,
    findings,
    activity: journal.activity,
    security: journal.security,
    toolCounts: timeline?.toolsListed.map((point) => ({ ...point })) ?? [],
    stderrTail: (timeline?.stderrTail ?? []).map((line) => redactText(line)),
    evidenceFiles: (timeline?.files ?? []).map((file) => ({ file, events: perFile.get(file) ?? 0 })),
  };
}

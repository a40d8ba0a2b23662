import { create } from 'zustand';
import type { ConfigProblem } from '../../shared/server-model.js';
import type {
  ServerStatusEntry,
  StatusChanged,
  StatusSnapshot,
  StatusSummary,
} from '../../shared/server-status.js';
import type { ServerStatus } from '../../shared/timeline-model.js';

/** A stretch of one status in a server's recent history (for the 24-hour strip); `to` open while current. */
export type StatusSpan = { status: ServerStatus; from: number; to?: number };

const HISTORY_MS = 24 * 3600_000;

/**
 * The dashboard's cache of the service's one status model: filled from `status:snapshot`, kept
 * current by `status:changed`. The renderer owns no truth; it only remembers the spans it has seen
 * (seeded from each entry's `since`) to draw the 24-hour strips.
 */
export type StatusState = {
  loaded: boolean;
  /** The answer of the last snapshot call when it failed. */
  error?: string;
  entries: ReadonlyMap<string, ServerStatusEntry>;
  problems: readonly ConfigProblem[];
  summary: StatusSummary | null;
  generatedAt: string | null;
  history: ReadonlyMap<string, readonly StatusSpan[]>;
  /** Bumped on every applied change: lets a detail page refetch when its server changed. */
  revision: number;
  changedKeys: ReadonlySet<string>;
};

export const initialStatusState: StatusState = {
  loaded: false,
  entries: new Map(),
  problems: [],
  summary: null,
  generatedAt: null,
  history: new Map(),
  revision: 0,
  changedKeys: new Set(),
};

function sinceOf(entry: ServerStatusEntry, fallback: number): number {
  const at = entry.since ? Date.parse(entry.since) : NaN;
  return Number.isNaN(at) ? fallback : at;
}

/** The spans of `key` after its entry became `entry` at `now`: the open span closes, a new one opens. */
export function extendHistory(
  spans: readonly StatusSpan[] | undefined,
  entry: ServerStatusEntry,
  now: number,
): StatusSpan[] {
  const start = sinceOf(entry, now);
  const kept = (spans ?? []).filter((span) => (span.to ?? now) > now - HISTORY_MS);
  const last = kept.at(-1);
  if (last && last.to === undefined && last.status === entry.status) return kept;
  const closed = kept.map((span) =>
    span.to === undefined ? { ...span, to: Math.max(span.from, Math.min(start, now)) } : span,
  );
  // A `since` earlier than what we already drew (a fresh snapshot after an outage) wins over our guesses.
  const trimmed = closed
    .filter((span) => span.from < start)
    .map((span) => ({ ...span, to: Math.min(span.to ?? start, start) }));
  return [...trimmed, { status: entry.status, from: Math.min(start, now) }];
}

/** Pure: the state after a full snapshot (a fresh start, or the service came back). */
export function applySnapshot(state: StatusState, snapshot: StatusSnapshot, now = Date.now()): StatusState {
  const entries = new Map(snapshot.servers.map((entry) => [entry.key, entry]));
  const history = new Map<string, StatusSpan[]>();
  for (const entry of snapshot.servers)
    history.set(entry.key, extendHistory(state.history.get(entry.key), entry, now));
  return {
    loaded: true,
    entries,
    problems: snapshot.problems,
    summary: snapshot.summary,
    generatedAt: snapshot.generatedAt,
    history,
    revision: state.revision + 1,
    changedKeys: new Set(entries.keys()),
  };
}

/** Pure: the state after one `status:changed` event. */
export function applyChanged(state: StatusState, change: StatusChanged, now = Date.now()): StatusState {
  const entries = new Map(state.entries);
  const history = new Map(state.history);
  for (const key of change.removed) {
    entries.delete(key);
    history.delete(key);
  }
  for (const entry of change.changed) {
    entries.set(entry.key, entry);
    history.set(entry.key, extendHistory(history.get(entry.key), entry, now));
  }
  return {
    ...state,
    entries,
    history,
    problems: change.problems,
    summary: change.summary,
    generatedAt: change.generatedAt,
    revision: state.revision + 1,
    changedKeys: new Set([...change.changed.map((entry) => entry.key), ...change.removed]),
  };
}

export const useStatusStore = create<StatusState>(() => initialStatusState);

/**
 * The entry a route names: a status key, or a plain server name (links from the log viewer carry
 * names, shared/log-view-link.ts). For a name, the configured, effective, live entry wins.
 */
export function resolveServer(
  entries: ReadonlyMap<string, ServerStatusEntry>,
  keyOrName: string,
): ServerStatusEntry | undefined {
  const exact = entries.get(keyOrName);
  if (exact) return exact;
  const rank = (entry: ServerStatusEntry): number =>
    (entry.live ? 4 : 0) + (entry.configured ? 2 : 0) + (entry.effective ? 1 : 0);
  let best: ServerStatusEntry | undefined;
  for (const entry of entries.values()) {
    if (entry.name !== keyOrName && entry.proxyKey !== keyOrName) continue;
    if (!best || rank(entry) > rank(best)) best = entry;
  }
  return best;
}

import type { LogCursor, LogRow } from '../../shared/logs-contract.js';
import { callLogs, onLogsLive } from '../api/log-viewer-api.js';
import { EARLIEST, LATEST } from './log-export.js';
import { filterOf, isLiveRange, type LogViewState } from './log-view-state.js';
import { listTransitions, scrollTo, useLogViewerStore, type LogListState } from './log-viewer-store.js';

/**
 * What the log viewer does: loads pages around a position, more at either end as the list scrolls,
 * follows live events, jumps between errors and matches, opens an event's detail. Components call
 * these; only these talk to the API (renderer/api/log-viewer-api.ts).
 */
const FIRST_PAGE = 600;
const MORE_PAGE = 2000;
const RENEW_MS = 20_000;

let view: LogViewState | undefined;
let subscription: string | undefined;
let renewTimer: ReturnType<typeof setInterval> | undefined;
let stopLive: (() => void) | undefined;

const get = (): LogListState => useLogViewerStore.getState();
const set = (patch: Partial<LogListState>): void => useLogViewerStore.setState(patch);
const cursorOf = (row: LogRow): LogCursor => ({ t: row.t, id: row.id });

/** Following: new rows show at once and the list stays at the bottom. */
export function isFollowing(state: LogListState = get()): boolean {
  return !!view && state.atBottom && !state.paused && !state.hasAfter && isLiveRange(view, Date.now());
}

/** Shows `next` from scratch (filters changed, or a link opened another position). */
export async function openView(next: LogViewState): Promise<void> {
  view = next;
  const generation = get().generation + 1;
  set({ generation, loading: 'initial', detail: undefined, selectedId: undefined });
  const filter = filterOf(next, Date.now());
  const locate = next.file && next.line !== undefined ? { file: next.file, line: next.line } : undefined;
  const [page] = await Promise.all([
    callLogs('logs:query', {
      filter,
      limit: FIRST_PAGE,
      ...(locate ? { locate } : {}),
      ...(next.around !== undefined ? { around: next.around } : {}),
    }),
    subscribe(next),
  ]);
  if (get().generation !== generation) return;
  if (!page.ok) return set({ loading: 'idle', error: page.error.message, rows: [] });
  set(listTransitions.reloaded(get(), page.data));
  if (locate && page.data.anchorId !== undefined) {
    set({ selectedId: page.data.anchorId });
    void openDetail(page.data.anchorId);
  }
  void refreshHistogram();
}

export async function loadOlder(): Promise<void> {
  const state = get();
  const first = state.rows[0];
  if (!view || !first || !state.hasBefore || state.loading !== 'idle') return;
  set({ loading: 'before' });
  const page = await callLogs('logs:query', {
    filter: filterOf(view, Date.now()),
    before: cursorOf(first),
    limit: MORE_PAGE,
  });
  if (get().generation !== state.generation) return;
  if (!page.ok) return set({ loading: 'idle', error: page.error.message });
  set(listTransitions.prepended(get(), page.data));
}

export async function loadNewer(): Promise<void> {
  const state = get();
  const last = state.rows.at(-1);
  if (!view || !last || !state.hasAfter || state.loading !== 'idle') return;
  set({ loading: 'after' });
  const page = await callLogs('logs:query', {
    filter: filterOf(view, Date.now()),
    after: cursorOf(last),
    limit: MORE_PAGE,
  });
  if (get().generation !== state.generation) return;
  if (!page.ok) return set({ loading: 'idle', error: page.error.message });
  set(listTransitions.appended(get(), page.data));
}

export async function refreshHistogram(): Promise<void> {
  if (!view) return;
  const generation = get().generation;
  const filter = filterOf(view, Date.now());
  if (view.range !== 'all' && filter.to === undefined) filter.to = Date.now();
  const result = await callLogs('logs:histogram', { filter, buckets: 120 });
  if (result.ok && get().generation === generation) set({ histogram: result.data });
}

export async function refreshStatus(): Promise<void> {
  const result = await callLogs('logs:status', {});
  if (result.ok) set({ status: result.data });
}

async function subscribe(next: LogViewState): Promise<void> {
  stopLive ??= onLogsLive((live) => {
    if (live.subscription !== subscription) return;
    set(listTransitions.live(get(), live.rows, live.dropped, isFollowing()));
  });
  const filter = filterOf(next, Date.now());
  delete filter.from; // a sliding range keeps accepting new events
  const result = await callLogs('logs:subscribe', { filter, ...(subscription ? { subscription } : {}) });
  if (result.ok) subscription = result.data.subscription;
  clearInterval(renewTimer);
  renewTimer = setInterval(() => {
    if (view) void callLogs('logs:subscribe', { filter, ...(subscription ? { subscription } : {}) });
  }, RENEW_MS);
}

/** The view is gone: stop the subscription and the renewals. */
export function closeView(): void {
  clearInterval(renewTimer);
  stopLive?.();
  stopLive = undefined;
  if (subscription) void callLogs('logs:unsubscribe', { subscription });
  subscription = undefined;
  view = undefined;
}

export function setAtBottom(atBottom: boolean): void {
  if (get().atBottom === atBottom) return;
  set({ atBottom });
  if (atBottom && !get().paused && get().pending.length) resume();
}

export function pause(): void {
  set({ paused: true });
}

/** Shows what arrived meanwhile and follows again (reloads the newest page when too much came). */
export function resume(): void {
  const state = get();
  set({ paused: false, atBottom: true });
  if (!view) return;
  if (state.overflow || state.hasAfter) {
    void openView({ ...view, around: undefined, file: undefined, line: undefined });
    return;
  }
  set({
    ...listTransitions.live({ ...state, pending: [] }, state.pending, 0, true),
    pending: [],
    newCount: 0,
  });
  set({ scroll: scrollTo({ to: 'end' }) });
}

/** Selects a row; `range` extends the picked rows from the last one, `toggle` adds or removes one. */
export function select(id: number, mode: 'single' | 'range' | 'toggle' = 'single'): void {
  const state = get();
  if (mode === 'toggle') {
    const picked = state.picked.includes(id)
      ? state.picked.filter((other) => other !== id)
      : [...state.picked, id];
    return set({ picked, selectedId: id });
  }
  if (mode === 'range' && state.selectedId !== undefined) {
    const a = state.rows.findIndex((row) => row.id === state.selectedId);
    const b = state.rows.findIndex((row) => row.id === id);
    if (a >= 0 && b >= 0) {
      const [from, to] = a < b ? [a, b] : [b, a];
      return set({ picked: state.rows.slice(from, to + 1).map((row) => row.id) });
    }
  }
  set({ selectedId: id, picked: [id] });
}

export async function openDetail(id: number): Promise<void> {
  set({ detail: { id, status: 'loading' }, selectedId: id });
  const result = await callLogs('logs:context', { id, lines: 12 });
  if (get().detail?.id !== id) return;
  set({
    detail: result.ok
      ? { id, status: 'ready', context: result.data }
      : { id, status: 'error', message: result.error.message },
  });
}

export function closeDetail(): void {
  set({ detail: undefined });
}

/**
 * The next (1) or previous (-1) error, or search match, from the selected row (else the screen's
 * edge): asked of the service, so it is found beyond the loaded rows too. Returns a message when
 * there is none.
 */
export async function jump(
  what: 'error' | 'match',
  direction: 1 | -1,
  fromRow: LogRow | undefined,
): Promise<string | undefined> {
  if (!view) return undefined;
  if (what === 'match' && !view.q) return 'Type a search first.';
  const state = get();
  const from = fromRow ?? (direction === 1 ? state.rows[0] : state.rows.at(-1));
  const filter = filterOf(view, Date.now());
  const target = what === 'error' ? { ...filter, levels: ['error' as const] } : filter;
  const cursor = from ? cursorOf(from) : { t: direction === 1 ? EARLIEST : LATEST, id: 0 };
  const result = await callLogs('logs:query', {
    filter: target,
    ...(direction === 1 ? { after: cursor } : { before: cursor }),
    limit: 1,
  });
  if (!result.ok) return result.error.message;
  const found = result.data.rows[0];
  if (!found)
    return what === 'error'
      ? `No ${direction === 1 ? 'later' : 'earlier'} error.`
      : `No ${direction === 1 ? 'later' : 'earlier'} match.`;
  if (get().rows.some((row) => row.id === found.id)) {
    set({ selectedId: found.id, picked: [found.id], scroll: scrollTo({ to: 'row', id: found.id }) });
  } else {
    // Beyond the loaded rows: load the page around it (the filters stay, the position moves).
    const generation = get().generation + 1;
    set({ generation, loading: 'initial' });
    const page = await callLogs('logs:query', { filter, around: found.t, limit: FIRST_PAGE });
    if (!page.ok || get().generation !== generation) return page.ok ? undefined : page.error.message;
    set({
      ...listTransitions.reloaded(get(), page.data),
      selectedId: found.id,
      picked: [found.id],
      scroll: scrollTo({ to: 'row', id: found.id }),
    });
  }
  if (get().detail) void openDetail(found.id);
  return undefined;
}

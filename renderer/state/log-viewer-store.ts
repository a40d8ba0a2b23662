import { create } from 'zustand';
import type { LogContext, LogHistogram, LogQuery, LogRow, LogStatus } from '../../shared/logs-contract.js';

/** Rows kept in the list at most; the far end is let go (and loaded again when scrolled back). */
export const MAX_ROWS = 150_000;
/** New rows held while paused or scrolled up; past this, Resume reloads the newest page instead. */
export const MAX_PENDING = 20_000;

/** Something the list should scroll to once it has rendered the rows. */
export type ScrollRequest = { seq: number; to: 'end' } | { seq: number; to: 'row'; id: number };

export type DetailState =
  | { id: number; status: 'loading' }
  | { id: number; status: 'ready'; context: LogContext }
  | { id: number; status: 'error'; message: string };

export type LogListState = {
  rows: LogRow[];
  hasBefore: boolean;
  hasAfter: boolean;
  loading: 'idle' | 'initial' | 'before' | 'after';
  /** Bumped by every reload: answers to older requests are dropped. */
  generation: number;
  /** Rows added at the top by the last change (the list keeps its place by that many rows). */
  prepended: { seq: number; count: number };
  searchError?: string;
  error?: string;
  selectedId?: number;
  /** Rows picked for copying (click, shift-click, ctrl-click). */
  picked: number[];
  paused: boolean;
  atBottom: boolean;
  pending: LogRow[];
  newCount: number;
  /** More arrived than held: Resume reloads. */
  overflow: boolean;
  scroll?: ScrollRequest;
  histogram?: LogHistogram;
  status?: LogStatus;
  detail?: DetailState;
};

export const INITIAL_LIST: LogListState = {
  rows: [],
  hasBefore: false,
  hasAfter: false,
  loading: 'initial',
  generation: 0,
  prepended: { seq: 0, count: 0 },
  picked: [],
  paused: false,
  atBottom: true,
  pending: [],
  newCount: 0,
  overflow: false,
};

export const useLogViewerStore = create<LogListState>(() => INITIAL_LIST);

let scrollSeq = 0;
export const scrollTo = (target: { to: 'end' } | { to: 'row'; id: number }): ScrollRequest => ({
  seq: ++scrollSeq,
  ...target,
});

/** Pure transitions of the list, tested without React or a service. */
export const listTransitions = {
  reloaded(state: LogListState, page: LogQuery): Partial<LogListState> {
    const anchor = page.anchorId;
    return {
      rows: page.rows,
      hasBefore: page.hasBefore,
      hasAfter: page.hasAfter,
      loading: 'idle',
      searchError: page.searchError,
      error: undefined,
      pending: [],
      newCount: 0,
      overflow: false,
      picked: [],
      prepended: { seq: state.prepended.seq + 1, count: 0 },
      scroll: scrollTo(
        anchor === undefined || (!page.hasAfter && anchor === page.rows.at(-1)?.id)
          ? { to: 'end' }
          : { to: 'row', id: anchor },
      ),
    };
  },
  /** Older rows above; the newest end is trimmed when the list grows past its limit. */
  prepended(state: LogListState, page: LogQuery): Partial<LogListState> {
    let rows = [...page.rows, ...state.rows];
    let hasAfter = state.hasAfter;
    if (rows.length > MAX_ROWS) {
      rows = rows.slice(0, MAX_ROWS);
      hasAfter = true;
    }
    return {
      rows,
      hasBefore: page.hasBefore,
      hasAfter,
      loading: 'idle',
      prepended: { seq: state.prepended.seq + 1, count: page.rows.length },
    };
  },
  appended(state: LogListState, page: LogQuery): Partial<LogListState> {
    let rows = [...state.rows, ...page.rows];
    let hasBefore = state.hasBefore;
    let count = 0;
    if (rows.length > MAX_ROWS) {
      count = -(rows.length - MAX_ROWS);
      rows = rows.slice(rows.length - MAX_ROWS);
      hasBefore = true;
    }
    return {
      rows,
      hasBefore,
      hasAfter: page.hasAfter,
      loading: 'idle',
      prepended: { seq: state.prepended.seq + 1, count },
    };
  },
  /** New rows from the live subscription: shown at once when following, else held and counted. */
  live(state: LogListState, rows: LogRow[], dropped: number, following: boolean): Partial<LogListState> {
    if (following && dropped === 0) {
      const last = state.rows.at(-1);
      const fresh = last
        ? rows.filter((row) => row.t > last.t || (row.t === last.t && row.id > last.id))
        : rows;
      return {
        ...listTransitions.appended(state, { rows: fresh, hasBefore: state.hasBefore, hasAfter: false }),
        scroll: scrollTo({ to: 'end' }),
      };
    }
    const pending =
      state.pending.length + rows.length > MAX_PENDING ? state.pending : [...state.pending, ...rows];
    return {
      pending,
      newCount: state.newCount + rows.length + dropped,
      overflow: state.overflow || dropped > 0 || pending === state.pending,
    };
  },
};

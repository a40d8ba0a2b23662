import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { logEventKinds, type LogClient, type LogEventLevel } from '../../shared/log-events.js';
import type { LogRow } from '../../shared/logs-contract.js';
import { navigateHash, useHashSearch } from '../components/hash-route.js';
import { BundleDialog } from '../components/logs/bundle-dialog.js';
import type { CellFilter } from '../components/logs/cell-menu.js';
import { LogDetail } from '../components/logs/log-detail.js';
import { formatCount } from '../components/logs/log-format.js';
import { LogHistogram } from '../components/logs/log-histogram.js';
import { LogList } from '../components/logs/log-list.js';
import { LogStatusBar } from '../components/logs/log-status-bar.js';
import {
  FilterChips,
  LevelToggles,
  SearchBar,
  SourceFilter,
  TimeRange,
} from '../components/logs/log-toolbar.js';
import '../components/logs/logs.css';
import { exportView, saveBlob } from '../state/log-export.js';
import { filterKey, parseLogView, serializeLogView, type LogViewState } from '../state/log-view-state.js';
import {
  closeView,
  isFollowing,
  jump,
  openView,
  pause,
  refreshHistogram,
  refreshStatus,
  resume,
} from '../state/log-viewer-actions.js';
import { useLogViewerStore } from '../state/log-viewer-store.js';
import { useShallow } from 'zustand/react/shallow';

const STATUS_POLL_MS = 2000;
const AROUND_MS = 5 * 60_000;

/**
 * The support log viewer: every client's MCP logs and the proxies' events as one stream, searched
 * and filtered by the service's index, following live. The URL holds the filters and the position,
 * so a link reopens the same view (shared/log-view-link.ts).
 */
export function LogsView(): React.JSX.Element {
  const search = useHashSearch();
  const view = useMemo(() => parseLogView(search), [search]);
  // Only what this frame shows: the list subscribes to the rows itself.
  const store = useLogViewerStore(
    useShallow((state) => ({
      status: state.status,
      shown: state.rows.length,
      histogram: state.histogram,
      searchError: state.searchError,
      error: state.error,
      loading: state.loading,
      paused: state.paused,
      newCount: state.newCount,
      detail: state.detail,
      following: isFollowing(state),
    })),
  );
  const [message, setMessage] = useState<string>();
  /** The query this view last wrote itself (a saved position): no reload for that. */
  const written = useRef<string | undefined>(undefined);
  const lastKey = useRef<string | undefined>(undefined);
  /** The view now, for callbacks that fire later (a debounced position must not undo a selection). */
  const current = useRef(view);
  useLayoutEffect(() => {
    current.current = view;
  });

  useEffect(() => {
    const key = filterKey(view);
    const ownWrite = written.current === search && lastKey.current === key;
    lastKey.current = key;
    written.current = undefined;
    if (!ownWrite) void openView(view);
  }, [search]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    void refreshStatus();
    const timer = setInterval(() => {
      void refreshStatus();
      if (isFollowing()) void refreshHistogram();
    }, STATUS_POLL_MS);
    return () => {
      clearInterval(timer);
      closeView();
    };
  }, []);

  const go = useCallback((next: LogViewState, replace = false): void => {
    const query = serializeLogView(next);
    if (replace) written.current = query;
    navigateHash(`/logs${query ? `?${query}` : ''}`, { replace });
  }, []);

  /** Filters changed: stay at the same moment unless the view was following the newest lines. */
  const update = (patch: Partial<LogViewState>): void => {
    const now = current.current;
    const keep = isFollowing() ? {} : { around: now.around };
    go({ ...now, file: undefined, line: undefined, around: undefined, ...keep, ...patch });
  };

  const onFilter = useCallback((filter: CellFilter, mode: 'only' | 'hide'): void => {
    const view = current.current;
    const { field, value } = filter;
    if (field === 'level') {
      const level = value as LogEventLevel;
      return update({ levels: mode === 'only' ? [level] : view.levels.filter((other) => other !== level) });
    }
    if (field === 'kind')
      return update({
        kinds:
          mode === 'only'
            ? [value]
            : (view.kinds.length ? view.kinds : logEventKinds).filter((kind) => kind !== value),
      });
    if (field === 'client') {
      const client = value as LogClient;
      return update(
        mode === 'only'
          ? { clients: [client] }
          : { hideClients: [...new Set([...view.hideClients, client])] },
      );
    }
    update(
      mode === 'only' ? { servers: [value] } : { hideServers: [...new Set([...view.hideServers, value])] },
    );
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  const positionTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const onPosition = useCallback(
    (row: LogRow | undefined): void => {
      clearTimeout(positionTimer.current);
      positionTimer.current = setTimeout(() => {
        const now = current.current;
        if (now.file) return; // a selected event is the position
        if (now.around === row?.t) return;
        go({ ...now, around: row?.t }, true);
      }, 400);
    },
    [go],
  );

  // The open event is the position: a copied link opens it again (file and line survive a restart).
  const detailId = store.detail?.id;
  useEffect(() => {
    const row = useLogViewerStore.getState().rows.find((candidate) => candidate.id === detailId);
    if (detailId === undefined && view.file) go({ ...view, file: undefined, line: undefined }, true);
    if (!row || (view.file === row.file && view.line === row.line)) return;
    go({ ...view, around: row.t, file: row.file, line: row.line }, true);
  }, [detailId]); // eslint-disable-line react-hooks/exhaustive-deps
  const doJump = (what: 'error' | 'match', direction: 1 | -1): void => {
    const { rows, selectedId } = useLogViewerStore.getState();
    void jump(
      what,
      direction,
      rows.find((row) => row.id === selectedId),
    ).then(setMessage);
  };

  const onKeyDown = (event: React.KeyboardEvent): void => {
    const target = event.target as HTMLElement;
    if (target.closest('input, select, textarea') || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === '/') {
      event.preventDefault();
      document.getElementById('log-search')?.focus();
    } else if (event.key === 'e' || event.key === 'E') doJump('error', event.key === 'e' ? 1 : -1);
    else if (event.key === 'n' || event.key === 'N') doJump('match', event.key === 'n' ? 1 : -1);
  };

  const doExport = async (format: 'ndjson' | 'text'): Promise<void> => {
    document.querySelector('.export-menu')?.removeAttribute('open');
    setMessage('Exporting…');
    const result = await exportView(view, format);
    if ('error' in result) return setMessage(result.error);
    saveBlob(
      result.blob,
      `tether-logs-${new Date().toISOString().replace(/[:.]/g, '-')}.${format === 'ndjson' ? 'ndjson' : 'txt'}`,
    );
    setMessage(
      `Exported ${formatCount(result.count)} events${result.capped ? ' (the first 200,000; narrow the filters for the rest)' : ''}.`,
    );
  };

  const following = store.following;
  return (
    <section className="logs-view" aria-labelledby="logs-heading" onKeyDown={onKeyDown}>
      <div className="logs-title">
        <h2 id="logs-heading">Logs</h2>
        <LogStatusBar status={store.status} shown={store.shown} />
      </div>
      <div className="logs-toolbar" role="toolbar" aria-label="Log filters">
        <SearchBar
          view={view}
          update={update}
          searchError={store.searchError}
          onJump={(direction) => doJump('match', direction)}
        />
        <LevelToggles view={view} update={update} />
        <TimeRange view={view} update={update} />
        <SourceFilter view={view} update={update} servers={store.status?.servers ?? []} />
      </div>
      <div className="logs-actions">
        <FilterChips view={view} update={update} />
        <span className="spacer" />
        <span className={`live-badge${following ? '' : ' off'}`}>
          {following ? 'Live' : store.paused ? 'Paused' : 'Not following'}
        </span>
        <button type="button" onClick={() => doJump('error', -1)}>
          Previous error
        </button>
        <button type="button" onClick={() => doJump('error', 1)}>
          Next error
        </button>
        {store.paused ? (
          <button type="button" onClick={resume}>
            Resume
          </button>
        ) : (
          <button type="button" onClick={pause}>
            Pause
          </button>
        )}
        <details className="export-menu">
          <summary>Export</summary>
          <div className="menu-popup">
            <button type="button" onClick={() => void doExport('ndjson')}>
              Export NDJSON
            </button>
            <button type="button" onClick={() => void doExport('text')}>
              Export text
            </button>
          </div>
        </details>
        <BundleDialog />
      </div>
      <LogHistogram
        histogram={store.histogram}
        onZoom={(from, to) => update({ range: 'custom', from, to, around: undefined })}
      />
      {message ? (
        <p className="logs-message" role="status">
          {message}{' '}
          <button type="button" className="link-button" onClick={() => setMessage(undefined)}>
            Dismiss
          </button>
        </p>
      ) : null}
      <div className={`logs-body${store.detail ? ' with-detail' : ''}`}>
        <div className="logs-list-pane">
          {store.error ? (
            <p role="alert" className="error">
              {store.error}
            </p>
          ) : null}
          <LogList view={view} onFilter={onFilter} onPosition={onPosition} />
          {store.shown === 0 && store.loading === 'idle' ? (
            <p className="logs-empty muted">
              {store.status?.events
                ? 'No events match these filters and this time range.'
                : 'No MCP logs found yet: Tether reads Claude Code, Claude Desktop, Cursor and its proxies’ logs.'}
            </p>
          ) : null}
          {store.loading === 'initial' ? <p className="logs-loading muted">Loading…</p> : null}
          <div className="live-indicator" aria-live="polite">
            {store.newCount > 0 ? (
              <button type="button" className="new-events-pill" onClick={resume}>
                {formatCount(store.newCount)} new event{store.newCount === 1 ? '' : 's'}
              </button>
            ) : null}
          </div>
        </div>
        {store.detail ? (
          <LogDetail
            detail={store.detail}
            onFilter={onFilter}
            onAround={(t, file, line) =>
              go({ ...view, range: 'custom', from: t - AROUND_MS, to: t + AROUND_MS, around: t, file, line })
            }
          />
        ) : null}
      </div>
    </section>
  );
}

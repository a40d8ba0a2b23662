import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { compileLogSearch, type LogSearch } from '../../../shared/log-search.js';
import type { LogRow } from '../../../shared/logs-contract.js';
import {
  loadNewer,
  loadOlder,
  openDetail,
  select,
  setAtBottom,
  closeDetail,
} from '../../state/log-viewer-actions.js';
import { rowText } from '../../state/log-export.js';
import { useLogViewerStore } from '../../state/log-viewer-store.js';
import type { LogViewState } from '../../state/log-view-state.js';
import { CellMenuPopup, type CellFilter, type OpenCellMenu } from './cell-menu.js';
import { CLIENT_LABEL, copyText, formatRowTime, LEVEL_LABEL } from './log-format.js';
import { HighlightedText } from './highlighted-text.js';

export const ROW_HEIGHT = 24;
/** Load more when the screen comes this close to either end of the loaded rows. */
const EDGE_ROWS = 300;
/** More than the rows ever on screen at once (with overscan), so slot keys are unique. */
const RECYCLE_SLOTS = 512;

type ListProps = {
  view: LogViewState;
  onFilter: (filter: CellFilter, mode: 'only' | 'hide') => void;
  /** The moment at the top of the screen (the position kept in the URL); undefined when following. */
  onPosition: (row: LogRow | undefined) => void;
};

/**
 * The virtualized list: only the rows on screen are in the DOM (100k+ loaded rows scroll as fast as
 * 100), loaded in pages at either end as it scrolls. Each line is a `row` of a `grid`; arrows move
 * the selection, Enter opens the detail, Ctrl+C copies the picked lines.
 */
export function LogList({ view, onFilter, onPosition }: ListProps): React.JSX.Element {
  const rows = useLogViewerStore((state) => state.rows);
  const selectedId = useLogViewerStore((state) => state.selectedId);
  const picked = useLogViewerStore((state) => state.picked);
  const prepended = useLogViewerStore((state) => state.prepended);
  const scroll = useLogViewerStore((state) => state.scroll);
  const parent = useRef<HTMLDivElement>(null);
  const [menu, setMenu] = useState<OpenCellMenu | undefined>();
  const closeMenu = useCallback(() => setMenu(undefined), []);
  const search = useMemo(() => compileLogSearch(view), [view.q, view.regex, view.matchCase]); // eslint-disable-line react-hooks/exhaustive-deps
  const pickedSet = useMemo(() => new Set(picked), [picked]);
  // TanStack Virtual returns functions React Compiler cannot memoize; this component is not compiled.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => parent.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
  });

  // Older rows came in above: keep the same lines on screen.
  useLayoutEffect(() => {
    if (prepended.count !== 0 && parent.current) parent.current.scrollTop += prepended.count * ROW_HEIGHT;
  }, [prepended]);

  useLayoutEffect(() => {
    if (!scroll || !parent.current) return;
    if (scroll.to === 'end') {
      parent.current.scrollTop = parent.current.scrollHeight;
      setAtBottom(true);
      return;
    }
    const index = rows.findIndex((row) => row.id === scroll.id);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'center' });
  }, [scroll]); // eslint-disable-line react-hooks/exhaustive-deps

  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (rows.length === 0) return;
    if (firstIndex < EDGE_ROWS) void loadOlder();
    if (lastIndex > rows.length - EDGE_ROWS) void loadNewer();
  }, [firstIndex, lastIndex, rows.length]);

  const onScroll = (): void => {
    const element = parent.current;
    if (!element) return;
    const atBottom = element.scrollTop + element.clientHeight >= element.scrollHeight - ROW_HEIGHT * 1.5;
    setAtBottom(atBottom);
    const top = rows[Math.floor(element.scrollTop / ROW_HEIGHT)];
    onPosition(atBottom ? undefined : top);
  };

  const move = (to: number): void => {
    const row = rows[Math.max(0, Math.min(rows.length - 1, to))];
    if (!row) return;
    select(row.id);
    virtualizer.scrollToIndex(rows.indexOf(row), { align: 'auto' });
    if (useLogViewerStore.getState().detail) void openDetail(row.id);
  };

  const onKeyDown = (event: React.KeyboardEvent): void => {
    // The store, not this render's props: keys can come faster than renders (a loaded machine).
    const { selectedId, picked } = useLogViewerStore.getState();
    const at = rows.findIndex((row) => row.id === selectedId);
    const page = Math.max(1, Math.floor((parent.current?.clientHeight ?? 480) / ROW_HEIGHT) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(at < 0 ? firstIndex : at + 1),
      ArrowUp: () => move(at < 0 ? lastIndex : at - 1),
      PageDown: () => move((at < 0 ? firstIndex : at) + page),
      PageUp: () => move((at < 0 ? lastIndex : at) - page),
      Home: () => move(0),
      End: () => move(rows.length - 1),
      Enter: () => selectedId !== undefined && void openDetail(selectedId),
      Escape: () => closeDetail(),
    };
    if ((event.ctrlKey || event.metaKey) && event.key === 'c' && !window.getSelection()?.toString()) {
      const ids = new Set(picked.length ? picked : selectedId !== undefined ? [selectedId] : []);
      void copyText(
        rows
          .filter((row) => ids.has(row.id))
          .map(rowText)
          .join('\n'),
      );
      event.preventDefault();
      return;
    }
    const action = keys[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  };

  /** Clicks, handled once for every row: a value cell offers only/hide, the rest opens the detail. */
  const onClick = (event: React.MouseEvent): void => {
    const target = event.target as HTMLElement;
    const rowElement = target.closest<HTMLElement>('[data-id]');
    if (!rowElement) return;
    const id = Number(rowElement.dataset['id']);
    const cell = target.closest<HTMLElement>('[data-field]');
    if (cell && !event.shiftKey && !event.ctrlKey && !event.metaKey) {
      const box = cell.getBoundingClientRect();
      const filter = {
        field: cell.dataset['field'] as CellFilter['field'],
        value: cell.dataset['value'] ?? '',
      };
      setMenu({
        filter,
        label: cell.textContent ?? filter.value,
        left: box.left,
        top: box.bottom,
        button: parent.current!,
      });
      select(id);
      return;
    }
    if (event.shiftKey) select(id, 'range');
    else if (event.ctrlKey || event.metaKey) select(id, 'toggle');
    else void openDetail(id);
  };

  return (
    <div
      ref={parent}
      className="log-list"
      role="grid"
      aria-label="Log lines"
      aria-rowcount={rows.length + 1}
      aria-activedescendant={selectedId !== undefined ? `log-row-${selectedId}` : undefined}
      tabIndex={0}
      onScroll={onScroll}
      onKeyDown={onKeyDown}
      onClick={onClick}
    >
      <div role="row" className="log-row log-header" aria-rowindex={1}>
        <span role="columnheader">Time</span>
        <span role="columnheader">Level</span>
        <span role="columnheader">Client</span>
        <span role="columnheader">Server</span>
        <span role="columnheader">Kind</span>
        <span role="columnheader">Message</span>
      </div>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const row = rows[item.index]!;
          return (
            <LogLine
              // Keyed by screen slot, not by row: scrolling then updates a recycled line's text
              // instead of removing and creating elements (half the work of a fast scroll).
              key={item.index % RECYCLE_SLOTS}
              row={row}
              index={item.index}
              top={item.start}
              selected={row.id === selectedId}
              picked={pickedSet.has(row.id)}
              search={search}
            />
          );
        })}
      </div>
      {menu ? <CellMenuPopup menu={menu} onClose={closeMenu} onFilter={onFilter} /> : null}
    </div>
  );
}

/** One line: plain text cells (clicks are handled once, on the grid), so a screen of rows is cheap. */
const LogLine = memo(function LogLine({
  row,
  index,
  top,
  selected,
  picked,
  search,
}: {
  row: LogRow;
  index: number;
  top: number;
  selected: boolean;
  picked: boolean;
  search: LogSearch;
}): React.JSX.Element {
  return (
    <div
      id={`log-row-${row.id}`}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-id={row.id}
      className={`log-row level-${row.level}${selected ? ' selected' : ''}${picked ? ' picked' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
    >
      <span role="gridcell" className="log-time" title={row.time}>
        {formatRowTime(row.t)}
      </span>
      <span
        role="gridcell"
        className={`cell-value level-badge level-${row.level}`}
        data-field="level"
        data-value={row.level}
      >
        {LEVEL_LABEL[row.level]}
      </span>
      <span role="gridcell" className="cell-value" data-field="client" data-value={row.server.client}>
        {CLIENT_LABEL[row.server.client] ?? row.server.client}
      </span>
      <span role="gridcell" className="cell-value" data-field="server" data-value={row.server.name}>
        {row.server.name}
      </span>
      <span role="gridcell" className="cell-value" data-field="kind" data-value={row.kind}>
        {row.kind}
      </span>
      <span role="gridcell" className="log-message">
        <HighlightedText text={row.message} search={search} />
        {row.fullLength ? (
          <span className="muted"> … ({row.fullLength.toLocaleString()} characters)</span>
        ) : null}
      </span>
    </div>
  );
});

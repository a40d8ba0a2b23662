import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useRef, useState } from 'react';
import type { ServerListItem } from '../../state/servers-view-options.js';
import { useStatusStore } from '../../state/status-store.js';
import { ServerRow } from './server-row.js';

const ROW_HEIGHT = 64;
const GROUP_HEIGHT = 36;

/**
 * Every shown server, virtualized against the page's scroll: 300 servers cost the rows on screen.
 * A table for assistive technology (`aria-rowcount` tells the full length).
 */
export function ServerList({
  items,
  now,
}: {
  items: readonly ServerListItem[];
  now: number;
}): React.JSX.Element {
  const history = useStatusStore((state) => state.history);
  const listRef = useRef<HTMLDivElement>(null);
  const [margin, setMargin] = useState(0);
  useLayoutEffect(() => setMargin(listRef.current?.offsetTop ?? 0), []);
  const virtualizer = useWindowVirtualizer({
    count: items.length,
    estimateSize: (index) => (items[index]?.type === 'group' ? GROUP_HEIGHT : ROW_HEIGHT),
    overscan: 8,
    scrollMargin: margin,
    getItemKey: (index) => {
      const item = items[index];
      return item?.type === 'group' ? `group:${item.client}` : (item?.entry.key ?? index);
    },
  });
  const rows = items.filter((item) => item.type === 'server').length;
  return (
    <div
      ref={listRef}
      role="table"
      aria-label="Servers"
      aria-rowcount={rows}
      className="server-list"
      style={{ height: virtualizer.getTotalSize() }}
    >
      {virtualizer.getVirtualItems().map((virtual) => {
        const item = items[virtual.index];
        if (!item) return null;
        return (
          <div
            key={virtual.key}
            role="presentation"
            className="virtual-item"
            style={{
              transform: `translateY(${virtual.start - virtualizer.options.scrollMargin}px)`,
              height: virtual.size,
            }}
          >
            {item.type === 'group' ? (
              <h3 className="group-heading">
                {item.client} <span className="muted">({item.count})</span>
              </h3>
            ) : (
              <ServerRow entry={item.entry} spans={history.get(item.entry.key)} now={now} />
            )}
          </div>
        );
      })}
    </div>
  );
}

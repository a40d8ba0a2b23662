import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';

export type CellFilter = { field: 'client' | 'server' | 'level' | 'kind'; value: string };

/**
 * A cell's value as a button that offers "Only this" / "Hide this" (Grafana's filter-in/out on a
 * field), so a support engineer narrows the stream from the line in front of them. Keyboard: Enter
 * opens, arrows move, Escape closes.
 */
export function CellMenu({
  label,
  filter,
  onFilter,
  className,
}: {
  label: string;
  filter: CellFilter;
  onFilter: (filter: CellFilter, mode: 'only' | 'hide') => void;
  className?: string;
}): React.JSX.Element {
  const [open, setOpen] = useState(false);
  const [at, setAt] = useState({ left: 0, top: 0 });
  const menu = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector('button')?.focus();
    const close = (event: MouseEvent): void => {
      const target = event.target as Node;
      if (!menu.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  const pick = (mode: 'only' | 'hide'): void => {
    setOpen(false);
    button.current?.focus();
    onFilter(filter, mode);
  };
  return (
    <span className="cell-menu">
      <button
        ref={button}
        type="button"
        className={`cell-value ${className ?? ''}`}
        aria-haspopup="menu"
        aria-expanded={open}
        title={`${label}: only this or hide this`}
        onClick={(event) => {
          event.stopPropagation();
          const box = event.currentTarget.getBoundingClientRect();
          setAt({ left: box.left, top: box.bottom });
          setOpen(!open);
        }}
      >
        {label}
      </button>
      {open
        ? createPortal(
            <div
              ref={menu}
              role="menu"
              aria-label={`Filter by ${label}`}
              style={{ left: at.left, top: at.top }}
              className="cell-menu-popup logs-view"
              onClick={(event) => event.stopPropagation()}
              onKeyDown={(event) => {
                event.stopPropagation();
                const items = [...(menu.current?.querySelectorAll('button') ?? [])];
                const at = items.indexOf(document.activeElement as HTMLButtonElement);
                if (event.key === 'Escape') {
                  setOpen(false);
                  button.current?.focus();
                }
                if (event.key === 'ArrowDown') items[(at + 1) % items.length]?.focus();
                if (event.key === 'ArrowUp') items[(at + items.length - 1) % items.length]?.focus();
              }}
            >
              <button type="button" role="menuitem" onClick={() => pick('only')}>
                Only {label}
              </button>
              <button type="button" role="menuitem" onClick={() => pick('hide')}>
                Hide {label}
              </button>
            </div>,
            document.body,
          )
        : null}
    </span>
  );
}

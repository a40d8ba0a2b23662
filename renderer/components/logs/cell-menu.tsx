import { useEffect, useRef } from 'react';
import { createPortal } from 'react-dom';

export type CellFilter = { field: 'client' | 'server' | 'level' | 'kind'; value: string };

/** The one open cell menu: which value, where, and the element to give focus back to. */
export type OpenCellMenu = {
  filter: CellFilter;
  label: string;
  left: number;
  top: number;
  button: HTMLElement;
};

/**
 * "Only this" / "Hide this" for the value of a cell (Grafana's filter-in/out on a field), so a
 * support engineer narrows the stream from the line in front of them. Keyboard: arrows move,
 * Escape closes and gives focus back.
 */
export function CellMenuPopup({
  menu,
  onClose,
  onFilter,
}: {
  menu: OpenCellMenu;
  onClose: () => void;
  onFilter: (filter: CellFilter, mode: 'only' | 'hide') => void;
}): React.JSX.Element {
  const popup = useRef<HTMLDivElement>(null);
  useEffect(() => {
    popup.current?.querySelector('button')?.focus();
    const close = (event: MouseEvent): void => {
      const target = event.target as Node;
      if (!popup.current?.contains(target) && !menu.button.contains(target)) onClose();
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [menu, onClose]);
  const pick = (mode: 'only' | 'hide'): void => {
    onClose();
    menu.button.focus();
    onFilter(menu.filter, mode);
  };
  return createPortal(
    <div
      ref={popup}
      role="menu"
      aria-label={`Filter by ${menu.label}`}
      style={{ left: menu.left, top: menu.top }}
      className="cell-menu-popup logs-view"
      onKeyDown={(event) => {
        const items = [...(popup.current?.querySelectorAll('button') ?? [])];
        const at = items.indexOf(document.activeElement as HTMLButtonElement);
        if (event.key === 'Escape') {
          onClose();
          menu.button.focus();
        } else if (event.key === 'ArrowDown') items[(at + 1) % items.length]?.focus();
        else if (event.key === 'ArrowUp') items[(at + items.length - 1) % items.length]?.focus();
        else return;
        event.preventDefault();
        event.stopPropagation();
      }}
    >
      <button type="button" role="menuitem" onClick={() => pick('only')}>
        Only {menu.label}
      </button>
      <button type="button" role="menuitem" onClick={() => pick('hide')}>
        Hide {menu.label}
      </button>
    </div>,
    document.body,
  );
}

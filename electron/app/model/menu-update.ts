import type { TrayMenuItem } from './tray-menu.js';

/**
 * How to show a new menu model. A closed menu is simply rebuilt. An open menu cannot change shape
 * under the pointer (items would jump), so rows whose text or state changed are updated in place and
 * a change of shape (servers added, removed or reordered) waits until the menu closes.
 */
export type MenuUpdate =
  { kind: 'rebuild' } | { kind: 'in-place'; changes: MenuItemChange[]; deferred: boolean } | { kind: 'none' };

/** A row's new label, checked or enabled state, by its stable id. */
export type MenuItemChange = { id: string; label?: string; checked?: boolean; enabled?: boolean };

export function planMenuUpdate(
  previous: readonly TrayMenuItem[] | null,
  next: readonly TrayMenuItem[],
  open: boolean,
): MenuUpdate {
  if (previous === null) return { kind: 'rebuild' };
  const sameShape = shape(previous) === shape(next);
  if (!open) return sameShape && diff(previous, next).length === 0 ? { kind: 'none' } : { kind: 'rebuild' };
  const changes = diff(previous, next);
  if (sameShape && changes.length === 0) return { kind: 'none' };
  return { kind: 'in-place', changes, deferred: !sameShape };
}

/** The menu's structure: ids and kinds, in order, nested. */
function shape(items: readonly TrayMenuItem[]): string {
  return items
    .map((item) => `${item.type}:${item.id}${item.type === 'submenu' ? `[${shape(item.items)}]` : ''}`)
    .join('|');
}

/** Rows present in both menus (by id) whose label, checked or enabled state differ. */
function diff(previous: readonly TrayMenuItem[], next: readonly TrayMenuItem[]): MenuItemChange[] {
  const before = new Map<string, TrayMenuItem>();
  const walk = (items: readonly TrayMenuItem[], visit: (item: TrayMenuItem) => void): void => {
    for (const item of items) {
      visit(item);
      if (item.type === 'submenu') walk(item.items, visit);
    }
  };
  walk(previous, (item) => before.set(item.id, item));
  const changes: MenuItemChange[] = [];
  walk(next, (item) => {
    const old = before.get(item.id);
    if (!old || old.type !== item.type || item.type === 'separator') return;
    const change: MenuItemChange = { id: item.id };
    if ('label' in old && old.label !== item.label) change.label = item.label;
    if (item.type === 'checkbox' && old.type === 'checkbox' && old.checked !== item.checked)
      change.checked = item.checked;
    if (item.type === 'action' && old.type === 'action' && old.enabled !== item.enabled)
      change.enabled = item.enabled;
    if (Object.keys(change).length > 1) changes.push(change);
  });
  return changes;
}

import path from 'node:path';
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import { planMenuUpdate } from './model/menu-update.js';
import type { TrayCommand, TrayMenuItem, TrayModel } from './model/tray-menu.js';

/**
 * Renders a TrayModel (electron/app/model/tray-menu.ts) and nothing else: the icon, the macOS title,
 * the tooltip and the menu. An open menu gets its rows updated in place; a change of shape waits for
 * it to close. Whoever creates this must keep it referenced: an unreferenced Tray is garbage-collected
 * and its icon vanishes.
 */
export class TrayView {
  private readonly tray: Tray;
  private menu: Menu | null = null;
  private items: TrayMenuItem[] | null = null;
  private iconFile = '';
  private open = false;
  private pending: TrayModel | null = null;

  constructor(
    private readonly assetsDir: string,
    private readonly onCommand: (command: TrayCommand) => void,
  ) {
    this.tray = new Tray(nativeImage.createEmpty());
    // Linux AppIndicator ignores clicks; the context menu is the interface everywhere.
    this.tray.on('click', () => this.onCommand({ kind: 'open-dashboard' }));
  }

  render(model: TrayModel): void {
    if (model.icon.file !== this.iconFile) {
      // The @2x file beside it is picked up by name; a `…Template` name makes it a template image.
      this.tray.setImage(nativeImage.createFromPath(path.join(this.assetsDir, model.icon.file)));
      this.iconFile = model.icon.file;
    }
    if (process.platform === 'darwin') this.tray.setTitle(model.icon.title, { fontType: 'monospacedDigit' });
    this.tray.setToolTip(model.tooltip);
    const plan = planMenuUpdate(this.items, model.menu, this.open);
    if (plan.kind === 'rebuild') return this.rebuild(model);
    if (plan.kind === 'none') return;
    for (const change of plan.changes) {
      const item = this.menu?.getMenuItemById(change.id);
      if (!item) continue;
      if (change.label !== undefined) item.label = change.label;
      if (change.checked !== undefined) item.checked = change.checked;
      if (change.enabled !== undefined) item.enabled = change.enabled;
    }
    if (plan.deferred) this.pending = model;
    else this.items = model.menu;
  }

  destroy(): void {
    this.tray.destroy();
  }

  private rebuild(model: TrayModel): void {
    const menu = Menu.buildFromTemplate(model.menu.map((item) => this.template(item)));
    menu.on('menu-will-show', () => (this.open = true));
    menu.on('menu-will-close', () => {
      this.open = false;
      const pending = this.pending;
      this.pending = null;
      if (pending) this.rebuild(pending);
    });
    this.menu = menu;
    this.items = model.menu;
    // Linux needs setContextMenu again after any change; every platform takes it.
    this.tray.setContextMenu(menu);
  }

  private template(item: TrayMenuItem): MenuItemConstructorOptions {
    switch (item.type) {
      case 'separator':
        return { id: item.id, type: 'separator' };
      case 'label':
        return { id: item.id, label: item.label, enabled: false };
      case 'action':
        return {
          id: item.id,
          label: item.label,
          enabled: item.enabled,
          click: () => this.onCommand(item.command),
        };
      case 'checkbox':
        return {
          id: item.id,
          label: item.label,
          type: 'checkbox',
          checked: item.checked,
          click: () => this.onCommand(item.command),
        };
      case 'submenu':
        return { id: item.id, label: item.label, submenu: item.items.map((inner) => this.template(inner)) };
    }
  }
}

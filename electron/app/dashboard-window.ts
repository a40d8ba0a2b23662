import path from 'node:path';
import { BrowserWindow, screen } from 'electron';
import type { SettingsFile } from '../core/settings/settings-file.js';
import { APP_INDEX_URL } from './model/app-protocol.js';
import { restoreBounds } from './model/window-bounds.js';
import { DASHBOARD_MINIMUM, dashboardWindowOptions } from './window-options.js';

export type DashboardWindow = {
  /** Shows the window (creating it on first use), at a dashboard route when given. */
  show(href?: string): void;
  all(): BrowserWindow[];
  /** From now on closing the window really closes it (the app is quitting). */
  allowClose(): void;
};

/**
 * The single dashboard window: `app://tether/index.html`, bounds kept in the settings file, and
 * closing it only hides it (the app lives on in the tray until Quit).
 */
export function createDashboardWindow(distDir: string, settings: SettingsFile): DashboardWindow {
  let window: BrowserWindow | undefined;
  let quitting = false;
  let saveTimer: NodeJS.Timeout | undefined;
  const saveBounds = (): void => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      if (window && !window.isDestroyed()) settings.update({ windowBounds: window.getNormalBounds() });
    }, 500);
  };
  return {
    show(href) {
      const url = `${APP_INDEX_URL}${href ?? ''}`;
      if (!window || window.isDestroyed()) {
        const bounds = restoreBounds(
          settings.read().windowBounds,
          screen.getAllDisplays().map((display) => display.workArea),
          DASHBOARD_MINIMUM,
        );
        window = new BrowserWindow({
          ...dashboardWindowOptions(path.join(distDir, 'preload', 'preload.cjs')),
          ...(bounds ?? {}),
        });
        const created = window;
        created.once('ready-to-show', () => created.show());
        created.on('resize', saveBounds);
        created.on('move', saveBounds);
        created.on('close', (event) => {
          if (quitting) return;
          event.preventDefault();
          created.hide();
        });
        void created.loadURL(url);
        return;
      }
      if (href) void window.loadURL(url);
      window.show();
      window.focus();
    },
    all: () => (window && !window.isDestroyed() ? [window] : []),
    allowClose() {
      quitting = true;
    },
  };
}

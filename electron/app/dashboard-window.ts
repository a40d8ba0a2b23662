import path from 'node:path';
import { BrowserWindow } from 'electron';
import { dashboardWindowOptions } from './window-options.js';

/** Shows the single dashboard window, creating it on first use. */
export function createDashboardWindowOpener(distDir: string): {
  show: () => void;
  all: () => BrowserWindow[];
} {
  let window: BrowserWindow | undefined;
  return {
    show() {
      if (!window || window.isDestroyed()) {
        window = new BrowserWindow(dashboardWindowOptions(path.join(distDir, 'preload', 'preload.cjs')));
        window.once('ready-to-show', () => window?.show());
        void window.loadFile(path.join(distDir, 'renderer', 'index.html'));
      } else {
        window.show();
        window.focus();
      }
    },
    all: () => (window && !window.isDestroyed() ? [window] : []),
  };
}

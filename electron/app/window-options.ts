import type { BrowserWindowConstructorOptions } from 'electron';

/** The smallest useful dashboard (restored bounds are clamped to it). */
export const DASHBOARD_MINIMUM = { width: 720, height: 480 };

/**
 * The dashboard window: sandboxed, isolated, no Node, hidden until ready (the app lives in the tray).
 */
export function dashboardWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1100,
    height: 720,
    minWidth: DASHBOARD_MINIMUM.width,
    minHeight: DASHBOARD_MINIMUM.height,
    show: false,
    title: 'Tether',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}

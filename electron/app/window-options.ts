import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The dashboard window: sandboxed, isolated, no Node, hidden until ready (the app lives in the tray).
 */
export function dashboardWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1100,
    height: 720,
    minWidth: 720,
    minHeight: 480,
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

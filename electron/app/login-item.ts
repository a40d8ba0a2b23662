import os from 'node:os';
import path from 'node:path';
import { app } from 'electron';
import { syncAutostartFile } from './autostart-file.js';
import { HIDDEN_FLAG } from './model/autostart-entry.js';

/**
 * Start at login, hidden in the tray: `setLoginItemSettings` on macOS and Windows, an XDG autostart
 * entry on Linux (Electron's call does nothing there). Run from an AppImage, the entry names the
 * AppImage (the mounted binary moves at every run); in development, the app folder too.
 */
export async function applyStartAtLogin(enabled: boolean): Promise<void> {
  if (process.platform === 'linux') {
    const configHome = process.env['XDG_CONFIG_HOME'] || path.join(os.homedir(), '.config');
    const executable = process.env['APPIMAGE'] ?? process.execPath;
    await syncAutostartFile(configHome, enabled, executable, app.isPackaged ? [] : [app.getAppPath()]);
    return;
  }
  app.setLoginItemSettings({ openAtLogin: enabled, openAsHidden: true, args: [HIDDEN_FLAG] });
}

/** True when this start came from the login item: stay in the tray, no window. */
export function startedHidden(): boolean {
  if (process.argv.includes(HIDDEN_FLAG)) return true;
  return process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin === true;
}

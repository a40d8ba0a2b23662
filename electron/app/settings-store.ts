import Store from 'electron-store';

/** Desktop preferences. Only the Electron shell reads these; the core gets plain values. */
export type AppSettings = { startAtLogin: boolean };

export function createSettingsStore(cwd: string): Store<AppSettings> {
  return new Store<AppSettings>({
    cwd,
    name: 'settings',
    defaults: { startAtLogin: false },
    schema: { startAtLogin: { type: 'boolean' } },
  });
}

import type { SettingsPatch, Theme } from '../../shared/settings-contract.js';
import type { TetherApi } from '../../shared/tether-api.js';
import { setSettingsState, settingsTransitions, useSettingsStore } from '../state/settings-store.js';

let api: TetherApi | undefined;

/** Boot: loads the settings, follows `settings:changed` (the tray or another window may change them). */
export function connectSettingsApi(transport: TetherApi): () => void {
  api = transport;
  const load = async (): Promise<void> => {
    const result = await transport.invoke('settings:get', {});
    setSettingsState(
      result.ok ? settingsTransitions.loaded(result.data) : settingsTransitions.failed(result.error.message),
    );
    if (result.ok) applyTheme(result.data.settings.theme);
  };
  void load();
  const offChanged = transport.on('settings:changed', (view) => {
    setSettingsState(settingsTransitions.loaded(view));
    applyTheme(view.settings.theme);
  });
  const offReady = transport.on('service:ready', () => void load());
  return () => {
    offChanged();
    offReady();
  };
}

/** Saves a change; the store shows the service's answer (or why it failed). */
export async function saveSettings(patch: SettingsPatch): Promise<void> {
  const before = useSettingsStore.getState().state;
  setSettingsState(settingsTransitions.saving(before, patch));
  if (!api) {
    setSettingsState(settingsTransitions.saveFailed(before, 'The Tether service is not connected.'));
    return;
  }
  const result = await api.invoke('settings:set', patch);
  if (result.ok) {
    setSettingsState(settingsTransitions.loaded(result.data));
    applyTheme(result.data.settings.theme);
  } else
    setSettingsState(settingsTransitions.saveFailed(useSettingsStore.getState().state, result.error.message));
}

/** `system` follows the OS; `light`/`dark` pin it (renderer/theme.css). */
function applyTheme(theme: Theme): void {
  if (typeof document === 'undefined') return;
  if (theme === 'system') delete document.documentElement.dataset['theme'];
  else document.documentElement.dataset['theme'] = theme;
}

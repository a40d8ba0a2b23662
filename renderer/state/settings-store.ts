import { create } from 'zustand';
import type { SettingsPatch, SettingsView } from '../../shared/settings-contract.js';

/** The Settings view's state: a cache of the service's settings, filled by renderer/api/settings-api.ts. */
export type SettingsState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; view: SettingsView; saving: boolean; saveError: string | null };

/** Pure transitions, tested without React. */
export const settingsTransitions = {
  loaded: (view: SettingsView): SettingsState => ({ status: 'ready', view, saving: false, saveError: null }),
  failed: (message: string): SettingsState => ({ status: 'error', message }),
  /** Shows the change at once (a checkbox must not wait for the round trip); the answer then replaces it. */
  saving: (state: SettingsState, patch: SettingsPatch): SettingsState => {
    if (state.status !== 'ready') return state;
    const { notifications, ...rest } = patch;
    const settings = {
      ...state.view.settings,
      ...rest,
      notifications: { ...state.view.settings.notifications, ...notifications },
    };
    return { ...state, view: { ...state.view, settings }, saving: true, saveError: null };
  },
  saveFailed: (state: SettingsState, message: string): SettingsState =>
    state.status === 'ready' ? { ...state, saving: false, saveError: message } : state,
};

export const useSettingsStore = create<{ state: SettingsState }>(() => ({ state: { status: 'loading' } }));

export function setSettingsState(state: SettingsState): void {
  useSettingsStore.setState({ state });
}

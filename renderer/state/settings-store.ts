import { create } from 'zustand';
import type { SettingsView } from '../../shared/settings-contract.js';

/** The Settings view's state: a cache of the service's settings, filled by renderer/api/settings-api.ts. */
export type SettingsState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; view: SettingsView; saving: boolean; saveError: string | null };

/** Pure transitions, tested without React. */
export const settingsTransitions = {
  loaded: (view: SettingsView): SettingsState => ({ status: 'ready', view, saving: false, saveError: null }),
  failed: (message: string): SettingsState => ({ status: 'error', message }),
  saving: (state: SettingsState): SettingsState =>
    state.status === 'ready' ? { ...state, saving: true, saveError: null } : state,
  saveFailed: (state: SettingsState, message: string): SettingsState =>
    state.status === 'ready' ? { ...state, saving: false, saveError: message } : state,
};

export const useSettingsStore = create<{ state: SettingsState }>(() => ({ state: { status: 'loading' } }));

export function setSettingsState(state: SettingsState): void {
  useSettingsStore.setState({ state });
}

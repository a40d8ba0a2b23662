import { create } from 'zustand';
import type { AppInfo } from '../../shared/api-contract.js';
import type { ApiError } from '../../shared/result.js';

/** What the UI knows about the service it talks to. A cache of main's truth, filled by the bridge. */
export type AppInfoState =
  { status: 'loading' } | { status: 'ready'; info: AppInfo } | { status: 'error'; error: ApiError };

/** Pure transitions, tested without React. */
export const appInfoTransitions = {
  loaded: (info: AppInfo): AppInfoState => ({ status: 'ready', info }),
  failed: (error: ApiError): AppInfoState => ({ status: 'error', error }),
};

export const useAppInfoStore = create<{ state: AppInfoState }>(() => ({ state: { status: 'loading' } }));

export function setAppInfoState(state: AppInfoState): void {
  useAppInfoStore.setState({ state });
}

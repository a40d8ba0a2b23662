import type { TetherApi } from '../../shared/tether-api.js';
import { appInfoTransitions, setAppInfoState } from '../state/app-info-store.js';

/**
 * Runs once at boot: fetches the snapshot, subscribes to events, feeds the stores. Components never
 * touch the API themselves.
 */
export function startApiBridge(api: TetherApi): () => void {
  const refreshInfo = async (): Promise<void> => {
    const result = await api.invoke('app:info', {});
    setAppInfoState(
      result.ok ? appInfoTransitions.loaded(result.data) : appInfoTransitions.failed(result.error),
    );
  };
  void refreshInfo();
  // After the service restarts under a web dashboard, the socket reconnects and says ready again.
  return api.on('service:ready', () => void refreshInfo());
}

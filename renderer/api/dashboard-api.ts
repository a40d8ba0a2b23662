import type { InvokeChannel, InvokeRequest, InvokeResponse } from '../../shared/api-contract.js';
import { fail, type Result } from '../../shared/result.js';
import type { TetherApi } from '../../shared/tether-api.js';
import { applyChanged, applySnapshot, useStatusStore } from '../state/status-store.js';

let api: TetherApi | undefined;

/**
 * Boot: the dashboard's views and actions use the transport the app chose (renderer/main.tsx). Loads
 * the status snapshot, applies every `status:changed`, and loads a fresh snapshot each time the service
 * says it is ready (a restarted `tether serve` under an open page: no reload needed).
 */
export function connectDashboardApi(transport: TetherApi): () => void {
  api = transport;
  const offChanged = transport.on('status:changed', (change) =>
    useStatusStore.setState((state) => applyChanged(state, change)),
  );
  const offReady = transport.on('service:ready', () => void refreshStatus());
  void refreshStatus();
  return () => {
    offChanged();
    offReady();
  };
}

/** Loads the whole status model again. */
export async function refreshStatus(): Promise<void> {
  const result = await callDashboard('status:snapshot', {});
  if (result.ok)
    useStatusStore.setState((state) => ({ ...applySnapshot(state, result.data), error: undefined }));
  else useStatusStore.setState({ error: result.error.message });
}

/** One call of the dashboard's channels; an error value when there is no transport yet. */
export function callDashboard<C extends InvokeChannel>(
  channel: C,
  request: InvokeRequest<C>,
): Promise<Result<InvokeResponse<C>>> {
  return api
    ? api.invoke(channel, request)
    : Promise.resolve(fail('internal', 'The Tether service is not connected.'));
}

import type { InvokeChannel, InvokeRequest, InvokeResponse } from '../../shared/api-contract.js';
import type { LogLive } from '../../shared/logs-contract.js';
import { fail, type Result } from '../../shared/result.js';
import type { TetherApi } from '../../shared/tether-api.js';

let api: TetherApi | undefined;

/** Boot: the log viewer's actions use the transport the app chose (renderer/main.tsx). */
export function connectLogViewerApi(transport: TetherApi): void {
  api = transport;
}

/** One call of the log viewer's channels; an error value when there is no transport yet. */
export function callLogs<C extends InvokeChannel>(
  channel: C,
  request: InvokeRequest<C>,
): Promise<Result<InvokeResponse<C>>> {
  return api
    ? api.invoke(channel, request)
    : Promise.resolve(fail('internal', 'The Tether service is not connected.'));
}

/** New events of the viewer's live subscriptions. */
export function onLogsLive(listener: (live: LogLive) => void): () => void {
  return api ? api.on('logs:live', listener) : () => undefined;
}

/** True inside the Electron window, where downloads go through the API instead of HTTP. */
export function downloadsThroughApi(): boolean {
  return typeof window !== 'undefined' && window.tether !== undefined;
}

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { isEventName, isInvokeChannel } from '../../shared/api-contract.js';
import { ipcEventChannel, ipcInvokeChannel } from '../../shared/ipc-channels.js';
import { fail } from '../../shared/result.js';
import type { TetherApi } from '../../shared/tether-api.js';

/**
 * Exposes the typed API and nothing else: `invoke` and `on`, both allow-listed from the contract.
 *
 * `on` keeps the exact wrapper it registered so the returned unsubscribe really removes it.
 */
const api: TetherApi = {
  invoke: (channel, request) =>
    isInvokeChannel(channel)
      ? ipcRenderer.invoke(ipcInvokeChannel(channel), request)
      : Promise.resolve(fail('unknown_channel', `Unknown channel: ${String(channel)}`)),
  on: (event, listener) => {
    if (!isEventName(event)) throw new Error(`Unknown event: ${String(event)}`);
    const wrapper = (_event: IpcRendererEvent, payload: unknown): void =>
      listener(payload as Parameters<typeof listener>[0]);
    ipcRenderer.on(ipcEventChannel(event), wrapper);
    return () => {
      ipcRenderer.off(ipcEventChannel(event), wrapper);
    };
  },
};

contextBridge.exposeInMainWorld('tether', api);

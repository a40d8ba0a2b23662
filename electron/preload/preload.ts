import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { EventName, InvokeChannel } from '../../shared/api-contract.js';
import { ipcEventChannel, ipcInvokeChannel } from '../../shared/ipc-channels.js';
import { fail } from '../../shared/result.js';
import type { TetherApi } from '../../shared/tether-api.js';

/**
 * Exposes the typed API and nothing else: `invoke` and `on`, both allow-listed from the contract.
 *
 * The allow-list is the contract's channel names, written in by the build (scripts/build.mjs reads
 * them from shared/api-contract.ts), so the preload carries no zod and no schema: ~2 KB instead of
 * ~780 KB. Main checks the sender and validates every request anyway (electron/app/ipc.ts).
 * `on` keeps the exact wrapper it registered so the returned unsubscribe really removes it.
 */
declare const __TETHER_INVOKE_CHANNELS__: readonly string[];
declare const __TETHER_EVENT_NAMES__: readonly string[];

const invokeChannels = new Set<string>(__TETHER_INVOKE_CHANNELS__);
const eventNames = new Set<string>(__TETHER_EVENT_NAMES__);

const api: TetherApi = {
  invoke: (channel: InvokeChannel, request: unknown) =>
    invokeChannels.has(channel)
      ? ipcRenderer.invoke(ipcInvokeChannel(channel), request)
      : Promise.resolve(fail('unknown_channel', `Unknown channel: ${String(channel)}`)),
  on: (event: EventName, listener: (payload: never) => void) => {
    if (!eventNames.has(event)) throw new Error(`Unknown event: ${String(event)}`);
    const wrapper = (_event: IpcRendererEvent, payload: unknown): void => listener(payload as never);
    ipcRenderer.on(ipcEventChannel(event), wrapper);
    return () => {
      ipcRenderer.off(ipcEventChannel(event), wrapper);
    };
  },
} as TetherApi;

contextBridge.exposeInMainWorld('tether', api);

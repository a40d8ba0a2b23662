import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { eventNames, invokeChannels } from '../../shared/api-contract.js';
import { ipcEventChannel, ipcInvokeChannel } from '../../shared/ipc-channels.js';
import { fail } from '../../shared/result.js';
import { dispatchInvoke } from '../core/api-dispatch.js';
import type { TetherService } from '../core/service.js';
import { isTrustedRendererUrl } from './renderer-url-policy.js';

/**
 * Wires every contract channel to the service. Handlers hold no logic: sender check (the app's own
 * page, top frame only), then dispatch (which validates the request against the contract).
 */
export function registerIpcHandlers(service: TetherService): void {
  for (const channel of invokeChannels) {
    ipcMain.handle(ipcInvokeChannel(channel), (event: IpcMainInvokeEvent, request: unknown) =>
      event.senderFrame !== null &&
      event.senderFrame.parent === null &&
      isTrustedRendererUrl(event.senderFrame.url)
        ? dispatchInvoke(service.handlers, channel, request)
        : fail('bad_request', 'Untrusted sender.'),
    );
  }
}

/** Pushes every service event to the windows that are still alive. */
export function forwardServiceEvents(service: TetherService, windows: () => BrowserWindow[]): () => void {
  const unsubscribers = eventNames.map((event) =>
    service.subscribe(event, (payload) => {
      for (const window of windows()) {
        if (!window.isDestroyed() && !window.webContents.isDestroyed()) {
          window.webContents.send(ipcEventChannel(event), payload);
        }
      }
    }),
  );
  return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
}

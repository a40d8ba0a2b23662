import type { EventName, InvokeChannel } from './api-contract.js';

/**
 * Electron IPC channel names derived from the contract, so main and preload cannot drift apart.
 */
export function ipcInvokeChannel(channel: InvokeChannel): string {
  return `tether:invoke:${channel}`;
}

export function ipcEventChannel(event: EventName): string {
  return `tether:event:${event}`;
}

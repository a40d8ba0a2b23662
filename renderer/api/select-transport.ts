import type { TetherApi } from '../../shared/tether-api.js';
import { WS_API_PATH } from '../../shared/ws-frames.js';
import { setConnection } from '../state/connection-store.js';
import { createWsTransport } from './ws-transport.js';

declare global {
  interface Window {
    /** Present inside the Electron app, exposed by the preload. */
    tether?: TetherApi;
  }
}

/** The Electron preload's API when there is one, otherwise the headless dashboard's WebSocket. */
export function selectTransport(): TetherApi {
  if (window.tether) {
    setConnection('open');
    return window.tether;
  }
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return createWsTransport(`${scheme}//${window.location.host}${WS_API_PATH}`, (open) =>
    setConnection(open ? 'open' : 'lost'),
  );
}

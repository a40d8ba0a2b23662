import type { RawData, WebSocket } from 'ws';
import { eventNames } from '../../shared/api-contract.js';
import { clientFrameSchema, type ServerFrame } from '../../shared/ws-frames.js';
import { TETHER_VERSION } from '../../shared/version.js';
import { dispatchInvoke } from '../core/api-dispatch.js';
import type { TetherService } from '../core/service.js';

/** Largest frame accepted from a dashboard; API requests are small, so anything bigger is abuse. */
export const MAX_CLIENT_FRAME_BYTES = 1024 * 1024;

/**
 * Serves the typed API over one WebSocket: the web-mode twin of the Electron IPC bridge.
 *
 * Each `invoke` frame gets exactly one `result` frame with the same id; every contract event is
 * forwarded while the socket is open, and the subscriptions end with it.
 */
export function attachWsApi(socket: WebSocket, service: TetherService): void {
  const send = (frame: ServerFrame): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };
  const unsubscribers = eventNames.map((event) =>
    service.subscribe(event, (payload) => send({ type: 'event', event, payload })),
  );
  socket.on('close', () => unsubscribers.forEach((unsubscribe) => unsubscribe()));
  socket.on('message', (data, isBinary) => {
    // dispatchInvoke turns handler errors into results; this catch is the last guard for the process.
    answerFrame(isBinary ? undefined : rawDataToText(data), service, send).catch(() => undefined);
  });
  send({ type: 'event', event: 'service:ready', payload: { version: TETHER_VERSION } });
}

async function answerFrame(
  text: string | undefined,
  service: TetherService,
  send: (frame: ServerFrame) => void,
): Promise<void> {
  let json: unknown;
  try {
    json = text === undefined ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  const frame = clientFrameSchema.safeParse(json);
  if (!frame.success) {
    // Without a valid id there is nobody to answer; the frame is dropped, the socket stays usable.
    return;
  }
  const result = await dispatchInvoke(service.handlers, frame.data.channel, frame.data.request);
  send({ type: 'result', id: frame.data.id, result });
}

function rawDataToText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(new Uint8Array(data)).toString('utf8');
}

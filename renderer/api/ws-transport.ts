import type { EventName, EventPayload } from '../../shared/api-contract.js';
import { fail, type Result } from '../../shared/result.js';
import type { TetherApi } from '../../shared/tether-api.js';
import type { ClientFrame, ServerFrame } from '../../shared/ws-frames.js';

type Pending = (result: Result<unknown>) => void;

/** Backoff of the dashboard's own reconnects to `tether serve`: it may restart under the page. */
const RECONNECT_DELAYS_MS = [250, 500, 1000, 2000, 5000];

/**
 * The typed API over the headless dashboard's WebSocket.
 *
 * The access token travels as the cookie the page was served with. Calls made while disconnected wait
 * for the socket; calls in flight when it drops are answered with an error, never left hanging.
 * `onConnection` hears every open and close (the dashboard's "service unreachable" banner).
 */
export function createWsTransport(
  url: string,
  onConnection: (open: boolean) => void = () => undefined,
): TetherApi {
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const queue: ClientFrame[] = [];
  let nextId = 1;
  let attempt = 0;
  let socket: WebSocket;

  const connect = (): void => {
    socket = new WebSocket(url);
    socket.addEventListener('open', () => {
      attempt = 0;
      onConnection(true);
      for (const frame of queue.splice(0)) socket.send(JSON.stringify(frame));
    });
    socket.addEventListener('message', (message) => deliver(JSON.parse(String(message.data)) as ServerFrame));
    socket.addEventListener('close', () => {
      onConnection(false);
      for (const [id, resolve] of pending) {
        if (!queue.some((frame) => frame.id === id)) {
          pending.delete(id);
          resolve(fail('internal', 'The connection to the Tether service was lost.'));
        }
      }
      const delay = RECONNECT_DELAYS_MS[Math.min(attempt++, RECONNECT_DELAYS_MS.length - 1)];
      setTimeout(connect, delay);
    });
  };

  const deliver = (frame: ServerFrame): void => {
    if (frame.type === 'result') {
      pending.get(frame.id)?.(frame.result as Result<unknown>);
      pending.delete(frame.id);
    } else {
      listeners.get(frame.event)?.forEach((listener) => listener(frame.payload));
    }
  };

  connect();

  return {
    invoke: (channel, request) =>
      new Promise((resolve) => {
        const frame: ClientFrame = { type: 'invoke', id: nextId++, channel, request };
        pending.set(frame.id, resolve as Pending);
        if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
        else queue.push(frame);
      }),
    on: <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => {
      const set = listeners.get(event) ?? new Set();
      const wrapper = (payload: unknown): void => listener(payload as EventPayload<E>);
      set.add(wrapper);
      listeners.set(event, set);
      return () => set.delete(wrapper);
    },
  };
}

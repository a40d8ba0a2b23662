import { create } from 'zustand';

/**
 * Whether the page can reach the Tether service now. Inside Electron the IPC is always there; under
 * `tether serve` the WebSocket may drop (the service restarted) and comes back by itself.
 */
export type ConnectionState = 'connecting' | 'open' | 'lost';

export const useConnectionStore = create<{ state: ConnectionState; lostSince?: number }>(() => ({
  state: 'connecting',
}));

export function setConnection(state: ConnectionState): void {
  const now = useConnectionStore.getState();
  if (now.state === state) return;
  useConnectionStore.setState({ state, lostSince: state === 'lost' ? Date.now() : undefined });
}

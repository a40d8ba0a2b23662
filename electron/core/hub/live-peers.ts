import { worstStatus } from '../../../shared/server-status.js';
import type { ServerStatus } from '../../../shared/timeline-model.js';
import type { LiveProxyState } from '../timeline/build-timelines.js';
import type { PeerCheck } from './peer-credentials.js';

/** One connected proxy as the hub knows it: a connection bound to one server key and one pid. */
export type LivePeer = {
  key: string;
  pid: number;
  state: ServerStatus;
  since: string;
  upstream: string;
  /** Whether the pid was checked against the socket's peer (`unknown` where the OS does not tell). */
  pidCheck: PeerCheck;
  /** When this connection said `hello` (ms since epoch); the newest proxy of a key is the last to start. */
  boundAt: number;
};

/**
 * One live state per server key out of every connected proxy of that key.
 *
 * Claude Code starts one proxy per session, and two clients may wrap the same server, so a key often
 * has several proxies. The key's state is the worst of theirs (one client losing its session is worth
 * showing even if another is fine), with that proxy's `since`, `upstream` and `pid`; `proxies` counts them.
 */
export function aggregateLiveStates(peers: Iterable<LivePeer>): Map<string, LiveProxyState> {
  const byKey = new Map<string, LivePeer[]>();
  for (const peer of peers) byKey.set(peer.key, [...(byKey.get(peer.key) ?? []), peer]);
  const states = new Map<string, LiveProxyState>();
  for (const [key, group] of byKey) {
    const worst = worstStatus(group.map((peer) => peer.state));
    const shown = group.filter((peer) => peer.state === worst).sort((a, b) => b.boundAt - a.boundAt)[0]!;
    states.set(key, {
      key,
      state: shown.state,
      since: shown.since,
      upstream: shown.upstream,
      pid: shown.pid,
      proxies: group.length,
    });
  }
  return states;
}

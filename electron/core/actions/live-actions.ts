import type { CommandAck, ServiceCommand } from '../../../shared/control-protocol.js';
import type { ActionResult, LiveAction } from '../../../shared/server-detail.js';
import type { ServerStatusEntry } from '../../../shared/server-status.js';

/** What a live action needs of the control hub: who is connected, and a command to all proxies of a key. */
export type ProxyCommander = {
  liveKeys(): ReadonlySet<string>;
  sendCommand(key: string, command: ServiceCommand['command']): Promise<CommandAck>;
};

/** The control-socket command of each dashboard action. */
export const LIVE_COMMAND: Record<LiveAction, ServiceCommand['command']> = {
  reconnect: 'reconnect',
  'reset-session': 'reset-session',
  restart: 'restart-child',
};

const DONE: Record<LiveAction, string> = {
  reconnect: 'reconnecting now',
  'reset-session': 'starting a fresh session now',
  restart: 'restarting the server process now',
};

/**
 * Sends `action` to every running proxy of `entry` (one per client session that started it) and says
 * how it went. A server that is not wrapped, or whose proxy is not running, gets a clear "why not".
 */
export async function actOnProxies(
  commander: ProxyCommander,
  entry: Pick<ServerStatusEntry, 'name' | 'wrapped' | 'proxyKey' | 'transport'>,
  action: LiveAction,
): Promise<ActionResult> {
  if (!entry.wrapped || !entry.proxyKey)
    return {
      ok: false,
      message: `"${entry.name}" is not wrapped: Tether acts on a server through its proxy; wrap it first`,
    };
  if (action === 'restart' && entry.transport !== 'stdio' && entry.transport !== 'unknown')
    return {
      ok: false,
      message: `"${entry.name}" is a remote server (${entry.transport}): there is no local process to restart; use reconnect or reset session`,
    };
  if (!commander.liveKeys().has(entry.proxyKey))
    return {
      ok: false,
      message: `the proxy of "${entry.name}" is not running (no client has the server open now), so there is nothing to ${action.replace('-', ' ')}; it starts with the client's next session`,
    };
  const ack = await commander.sendCommand(entry.proxyKey, LIVE_COMMAND[action]);
  return ack.ok
    ? { ok: true, message: `${entry.name}: ${DONE[action]}${ack.message ? ` (${ack.message})` : ''}` }
    : { ok: false, message: `${entry.name}: ${ack.message ?? `${action} failed`}` };
}

/** Reconnects every server with a running proxy; ok when all of them answered ok. */
export async function reconnectAll(
  commander: ProxyCommander,
  entries: readonly Pick<ServerStatusEntry, 'name' | 'wrapped' | 'proxyKey' | 'transport'>[],
): Promise<{
  result: ActionResult;
  outcomes: Array<{ name: string; proxyKey: string; result: ActionResult }>;
}> {
  const live = commander.liveKeys();
  const byKey = new Map<string, (typeof entries)[number]>();
  for (const entry of entries)
    if (entry.wrapped && entry.proxyKey && live.has(entry.proxyKey) && !byKey.has(entry.proxyKey))
      byKey.set(entry.proxyKey, entry);
  // A proxy on the socket that no entry names yet (it has just said hello) is reconnected too.
  for (const key of live)
    if (!byKey.has(key)) byKey.set(key, { name: key, wrapped: true, proxyKey: key, transport: 'unknown' });
  if (byKey.size === 0)
    return { result: { ok: false, message: 'no proxy is running: nothing to reconnect' }, outcomes: [] };
  const outcomes = await Promise.all(
    [...byKey].map(async ([proxyKey, entry]) => ({
      name: entry.name,
      proxyKey,
      result: await actOnProxies(commander, entry, 'reconnect'),
    })),
  );
  const failed = outcomes.filter((outcome) => !outcome.result.ok);
  const result: ActionResult =
    failed.length === 0
      ? { ok: true, message: `reconnecting ${outcomes.length} server${outcomes.length === 1 ? '' : 's'} now` }
      : {
          ok: false,
          message: `${failed.length} of ${outcomes.length} failed: ${failed.map((outcome) => outcome.result.message).join('; ')}`,
        };
  return { result, outcomes };
}

import type { RelayAnswer, RelayRequest } from '../../../shared/control-protocol.js';
import { actOnProxies, reconnectAll } from '../actions/live-actions.js';
import { resolveServer } from './resolve-server.js';
import type { StatusCore } from './status-core.js';

type Answer = Omit<RelayAnswer, 'v' | 'type' | 'id'>;

/**
 * The service's answer to a command-line request on the control socket (`tether reconnect NAME`,
 * `--all`, `reset-session`, `restart`, `servers`): the same core calls as the dashboard's, recorded on
 * the servers' timelines the same way.
 */
export async function answerRelay(core: StatusCore, request: RelayRequest): Promise<Answer> {
  const snapshot = core.model.snapshot();
  if (request.action === 'snapshot') return { ok: true, code: 'ok', message: 'status snapshot', snapshot };
  if (request.action === 'reconnect-all') {
    const { result, outcomes } = await reconnectAll(core.commander(), snapshot.servers);
    for (const outcome of outcomes) {
      const entry = snapshot.servers.find((candidate) => candidate.proxyKey === outcome.proxyKey);
      if (entry) core.recordAction(entry, 'reconnect (all, command line)', outcome.result);
    }
    return {
      ...result,
      code: result.ok ? 'ok' : 'failed',
      outcomes: outcomes.map((outcome) => ({ name: outcome.name, ...outcome.result })),
    };
  }
  const found = resolveServer(snapshot.servers, request.server ?? '');
  if (!found.ok)
    return { ok: false, code: 'unknown-server', message: found.message, closeMatches: found.closeMatches };
  const result = await actOnProxies(core.commander(), found.entry, request.action);
  core.recordAction(found.entry, `${request.action} (command line)`, result);
  return { ...result, code: result.ok ? 'ok' : 'failed', outcomes: [{ name: found.entry.name, ...result }] };
}

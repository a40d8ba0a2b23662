import { serverKey } from '../../../shared/control-protocol-constants.js';
import type { ServerStatusEntry, StatusSnapshot } from '../../../shared/server-status.js';
import type { ServerLabels } from './metric-catalog.js';
import type { ActivityRef } from './server-activity.js';

/** The labels of a status entry: the identity as configured, no project path (unbounded, personal). */
export function labelsOfEntry(
  entry: Pick<ServerStatusEntry, 'client' | 'scope' | 'name' | 'wrapped'>,
): ServerLabels {
  return { client: entry.client, scope: entry.scope, name: entry.name, wrapped: String(entry.wrapped) };
}

/** One string per label set, for maps (NUL cannot appear in a label value from a config file name). */
export function labelKey(labels: Readonly<Record<string, string>>): string {
  return Object.values(labels).join('\u0000');
}

/**
 * Finds the labels of an observation from the one status model's entries.
 *
 * A proxy belongs to the configured entry that wraps it (matched on `serverKey`, which is how the
 * proxy names its folder); one that no config names is labelled `client="tether", scope="proxy"`. A
 * client-log event belongs to the entry of the same client and name (the same scope when the log
 * says it). Client-log events of a wrapped server are dropped (`undefined`): its proxy reports the
 * same calls and cuts first-hand, and counting both would double them.
 */
export class ServerLabelIndex {
  private readonly byProxy = new Map<string, ServerStatusEntry>();
  private readonly byClientName = new Map<string, ServerStatusEntry[]>();

  constructor(snapshot: Pick<StatusSnapshot, 'servers'>) {
    for (const entry of snapshot.servers) {
      if (entry.wrapped && entry.proxyKey) {
        const key = serverKey(entry.proxyKey);
        const known = this.byProxy.get(key);
        if (!known || rank(entry) > rank(known)) this.byProxy.set(key, entry);
      }
      const key = `${entry.client}\u0000${entry.name}`;
      const list = this.byClientName.get(key);
      if (list) list.push(entry);
      else this.byClientName.set(key, [entry]);
    }
  }

  labelsOf(ref: ActivityRef): ServerLabels | undefined {
    if ('proxyKey' in ref) {
      const entry = this.byProxy.get(serverKey(ref.proxyKey));
      return entry
        ? labelsOfEntry(entry)
        : { client: 'tether', scope: 'proxy', name: ref.proxyKey, wrapped: 'true' };
    }
    const { client, scope, name } = ref.log;
    const candidates = this.byClientName.get(`${client}\u0000${name}`) ?? [];
    const entry =
      candidates.find((candidate) => candidate.scope === scope) ??
      candidates.find((candidate) => candidate.configured && candidate.effective) ??
      candidates[0];
    if (entry?.wrapped) return undefined;
    return entry ? labelsOfEntry(entry) : { client, scope, name, wrapped: 'false' };
  }
}

/** Prefer the entry a client actually uses: configured, effective, enabled, live. */
function rank(entry: ServerStatusEntry): number {
  return (
    (entry.configured ? 8 : 0) + (entry.effective ? 4 : 0) + (entry.disabled ? 0 : 2) + (entry.live ? 1 : 0)
  );
}

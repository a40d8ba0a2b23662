import { identityKey, type ServerChange, type ServerRecord } from '../../../shared/server-model.js';

/**
 * What changed between two server lists, matched by identity `(client, scope, project, name)`: a
 * renamed server is one removal and one addition; any difference in a record (url, wrapped, disabled,
 * shadowed, ...) is a change.
 */
export function diffServers(before: readonly ServerRecord[], after: readonly ServerRecord[]): ServerChange[] {
  const previous = new Map(before.map((server) => [identityKey(server), server]));
  const changes: ServerChange[] = [];
  for (const server of after) {
    const key = identityKey(server);
    const old = previous.get(key);
    previous.delete(key);
    if (!old) changes.push({ kind: 'added', server });
    else if (JSON.stringify(old) !== JSON.stringify(server)) changes.push({ kind: 'changed', server });
  }
  for (const server of previous.values()) changes.push({ kind: 'removed', server });
  return changes;
}

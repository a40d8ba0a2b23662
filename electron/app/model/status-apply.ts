import { summarizeStatuses, type StatusChanged, type StatusSnapshot } from '../../../shared/server-status.js';

/**
 * Pure: the snapshot after a `status:changed` event (entries replaced or added by key, removed keys
 * dropped, problems and summary taken from the event), so the tray follows the live state without
 * asking the service again.
 */
export function applyStatusChanged(snapshot: StatusSnapshot, change: StatusChanged): StatusSnapshot {
  const byKey = new Map(snapshot.servers.map((entry) => [entry.key, entry]));
  for (const key of change.removed) byKey.delete(key);
  for (const entry of change.changed) byKey.set(entry.key, entry);
  const servers = [...byKey.values()];
  return {
    generatedAt: change.generatedAt,
    servers,
    problems: change.problems,
    summary: summarizeStatuses(servers),
  };
}

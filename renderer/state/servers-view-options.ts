import { create } from 'zustand';
import { STATUS_SEVERITY_ORDER, type ServerStatusEntry } from '../../shared/server-status.js';
import type { ServerStatus } from '../../shared/timeline-model.js';

/** How the home view filters, sorts and groups the servers; kept while the user visits other views. */
export type ServersViewOptions = {
  text: string;
  /** Statuses to show; empty shows every status. */
  states: readonly ServerStatus[];
  sort: 'severity' | 'name' | 'client' | 'since';
  group: boolean;
};

export const useServersViewOptions = create<ServersViewOptions>(() => ({
  text: '',
  states: [],
  sort: 'severity',
  group: false,
}));

/** One line of the (virtualized) list: a client's heading or a server. */
export type ServerListItem =
  { type: 'group'; client: string; count: number } | { type: 'server'; entry: ServerStatusEntry };

const severity = (status: ServerStatus): number => STATUS_SEVERITY_ORDER.indexOf(status);
const byName = (a: ServerStatusEntry, b: ServerStatusEntry): number =>
  a.name.localeCompare(b.name) || a.client.localeCompare(b.client) || a.key.localeCompare(b.key);

/** Pure: the entries `options` shows, in its order, with client headings when grouped. */
export function listItems(
  entries: Iterable<ServerStatusEntry>,
  options: ServersViewOptions,
): ServerListItem[] {
  const text = options.text.trim().toLowerCase();
  const shown = [...entries].filter(
    (entry) =>
      (options.states.length === 0 || options.states.includes(entry.status)) &&
      (!text ||
        [entry.name, entry.client, entry.scope, entry.project ?? '', entry.upstream ?? '', entry.reason].some(
          (field) => field.toLowerCase().includes(text),
        )),
  );
  const compare: Record<ServersViewOptions['sort'], (a: ServerStatusEntry, b: ServerStatusEntry) => number> =
    {
      severity: (a, b) => severity(a.status) - severity(b.status) || byName(a, b),
      name: byName,
      client: (a, b) => a.client.localeCompare(b.client) || byName(a, b),
      // Newest change first: what just happened is what the user came to see.
      since: (a, b) => (Date.parse(b.since ?? '') || 0) - (Date.parse(a.since ?? '') || 0) || byName(a, b),
    };
  shown.sort(compare[options.sort]);
  if (!options.group) return shown.map((entry) => ({ type: 'server', entry }));
  const groups = new Map<string, ServerStatusEntry[]>();
  for (const entry of shown) groups.set(entry.client, [...(groups.get(entry.client) ?? []), entry]);
  return [...groups.keys()].sort().flatMap((client): ServerListItem[] => {
    const members = groups.get(client) ?? [];
    return [
      { type: 'group', client, count: members.length },
      ...members.map((entry) => ({ type: 'server' as const, entry })),
    ];
  });
}

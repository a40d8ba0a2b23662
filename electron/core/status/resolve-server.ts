import type { ServerStatusEntry } from '../../../shared/server-status.js';
import { closeMatches } from '../logs/known-servers.js';

export type ResolvedServer =
  | { ok: true; entry: ServerStatusEntry; key: string }
  | { ok: false; message: string; closeMatches: string[] };

/**
 * Finds the entry a route or a command names: an exact key first, else a plain server name (then the
 * most relevant entry of that name: live before not, configured and effective before the rest, a proxy
 * before the client logs about it). Unknown names answer with the close matches, like `tether explain`.
 */
export function resolveServer(entries: readonly ServerStatusEntry[], keyOrName: string): ResolvedServer {
  const byKey = entries.find((entry) => entry.key === keyOrName);
  if (byKey) return { ok: true, entry: byKey, key: byKey.key };
  const named = entriesNamed(entries, keyOrName);
  if (named.length > 0) return { ok: true, entry: named[0]!, key: named[0]!.key };
  const names = [...new Set(entries.map((entry) => entry.name))].sort();
  const matches = closeMatches(keyOrName, names);
  const hint = matches.length
    ? `; close matches: ${matches.join(', ')}`
    : names.length
      ? `; known servers: ${names.slice(0, 10).join(', ')}${names.length > 10 ? ', …' : ''}`
      : '; no MCP servers are configured or logged on this machine';
  return { ok: false, message: `no server named "${keyOrName}"${hint}`, closeMatches: matches };
}

/**
 * Every entry of a plain name (or a proxy key), most relevant first. A name given as the proxy's key
 * (`my-server` for "My Server") matches too.
 */
export function entriesNamed(entries: readonly ServerStatusEntry[], name: string): ServerStatusEntry[] {
  return entries
    .filter((entry) => entry.name === name || entry.proxyKey === name)
    .sort((a, b) => relevance(b) - relevance(a));
}

function relevance(entry: ServerStatusEntry): number {
  return (
    (entry.live ? 8 : 0) +
    (entry.configured ? 4 : 0) +
    (entry.effective && !entry.disabled ? 2 : 0) +
    (entry.wrapped ? 1 : 0)
  );
}

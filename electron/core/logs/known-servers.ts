import type { ConfigProblem } from '../../../shared/server-model.js';
import { discoverServers } from '../clients/discover.js';
import { discoverLogSources, type LogScope } from './scan-logs.js';

/**
 * Every server name Tether knows, whatever the window: configured in a client's files, with a log
 * file of its own, or with a proxy journal. Commands use it to tell "no evidence in the window" from
 * "no such server" (and to suggest the name that was meant).
 */
export async function knownServerNames(
  scope: LogScope,
): Promise<{ names: string[]; problems: ConfigProblem[] }> {
  const [{ sources }, discovery] = await Promise.all([
    discoverLogSources({ pathEnv: scope.pathEnv, dataDir: scope.dataDir }),
    discoverServers(scope.pathEnv),
  ]);
  const names = new Set<string>();
  for (const source of sources) if (!source.multiServer) names.add(source.server.name);
  for (const server of discovery.servers) names.add(server.name);
  return { names: [...names].sort(), problems: discovery.problems };
}

/**
 * The names closest to `name`, best first: same text but for case, one containing the other, or a few
 * typing mistakes away (edit distance up to a third of the length, at least 2).
 */
export function closeMatches(name: string, candidates: readonly string[], limit = 5): string[] {
  const wanted = name.toLowerCase();
  const scored = candidates
    .map((candidate) => {
      const lower = candidate.toLowerCase();
      const distance =
        lower === wanted
          ? 0
          : lower.includes(wanted) || wanted.includes(lower)
            ? 1
            : editDistance(wanted, lower);
      return { candidate, distance };
    })
    .filter(({ distance }) => distance <= Math.max(2, Math.floor(wanted.length / 3)))
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate));
  return scored.slice(0, limit).map(({ candidate }) => candidate);
}

/** Levenshtein distance with adjacent transpositions counted as one edit. */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

import { compileLogSearch, type LogSearch } from '../../../shared/log-search.js';
import { logEventKinds, type LogEventLevel, type ServerIdentity } from '../../../shared/log-events.js';
import type { LogFilter } from '../../../shared/logs-contract.js';
import { PackedDictionary } from './dictionary.js';
import type { Run } from './segment.js';
import type { SegmentSummary } from './segment-store.js';

export const LEVELS: readonly LogEventLevel[] = ['debug', 'info', 'warn', 'error'];
export const KINDS: readonly string[] = logEventKinds;

/**
 * A filter turned into lookups the scan loops can afford per event: a byte per server id, a level
 * bit mask, a byte per kind, the time bounds, and per run a byte per distinct message for the text.
 */
export type CompiledFilter = {
  serverOk: Uint8Array;
  levelMask: number;
  kindOk: Uint8Array;
  from: number;
  to: number;
  search: Extract<LogSearch, { ok: true }>;
  /**
   * Per-run bytes: 1 = the message matches the search; undefined: no search; null: no message of
   * this run matches (the run is skipped without looking at its events).
   */
  messageMatches(run: Run): Uint8Array | undefined | null;
};

export type FilterResult = { ok: true; filter: CompiledFilter } | { ok: false; error: string };

export function compileFilter(
  filter: LogFilter,
  servers: readonly ServerIdentity[],
  matchCache: MatchCache,
): FilterResult {
  const search = compileLogSearch(filter);
  if (!search.ok) return { ok: false, error: search.error };
  const serverOk = new Uint8Array(Math.max(1, servers.length));
  const only = (list: readonly string[] | undefined, value: string): boolean =>
    !list || list.length === 0 || list.includes(value);
  servers.forEach((server, id) => {
    const shown =
      only(filter.clients, server.client) &&
      only(filter.servers, server.name) &&
      !filter.hideClients?.includes(server.client) &&
      !filter.hideServers?.includes(server.name);
    serverOk[id] = shown ? 1 : 0;
  });
  let levelMask = 0;
  LEVELS.forEach((level, bit) => {
    if (only(filter.levels, level)) levelMask |= 1 << bit;
  });
  const kindOk = new Uint8Array(KINDS.length);
  KINDS.forEach((kind, code) => (kindOk[code] = only(filter.kinds, kind) ? 1 : 0));
  return {
    ok: true,
    filter: {
      serverOk,
      levelMask,
      kindOk,
      from: filter.from ?? -Infinity,
      to: filter.to ?? Infinity,
      search,
      messageMatches: (run) => {
        if (search.empty) return undefined;
        const { bytes, any } = matchCache.matches(run, search);
        return any ? bytes : null;
      },
    },
  };
}

/** Whether a sealed segment can hold a match at all (summaries only; no read). */
export function summaryMayMatch(summary: SegmentSummary, filter: CompiledFilter): boolean {
  if (summary.maxTime < filter.from || summary.minTime > filter.to) return false;
  if ((summary.levels & filter.levelMask) === 0) return false;
  for (const server of summary.servers) if (filter.serverOk[server]) return true;
  return false;
}

/** Does the event at column index `index` of `run` pass (the time bounds are the caller's)? */
export function rowMatches(
  run: Run,
  index: number,
  filter: CompiledFilter,
  messages: Uint8Array | undefined | null,
): boolean {
  const c = run.columns;
  return (
    filter.serverOk[c.server[index]!] === 1 &&
    ((filter.levelMask >> c.level[index]!) & 1) === 1 &&
    filter.kindOk[c.kind[index]!] === 1 &&
    (messages === undefined || messages?.[c.message[index]!] === 1)
  );
}

type Search = Extract<LogSearch, { ok: true; empty: false }>;

/**
 * Which distinct messages of a run match a search, remembered per (run, search) so paging through
 * results does not test the dictionary again. The growing run's entry is extended as it grows.
 */
export class MatchCache {
  private readonly entries = new Map<string, { bytes: Uint8Array; checked: number; any: boolean }>();

  matches(run: Run, search: Search): { bytes: Uint8Array; any: boolean } {
    const key = `${run.segment}\u0000${search.key}`;
    let entry = this.entries.get(key);
    const size = run.messages.size;
    if (entry && entry.checked === size) return entry;
    if (!entry || entry.bytes.length < size) {
      const bytes = new Uint8Array(Math.max(size, run.order ? 65_536 : size));
      if (entry) bytes.set(entry.bytes.subarray(0, entry.checked));
      entry = { bytes, checked: entry?.checked ?? 0, any: entry?.any ?? false };
    }
    const from = entry.checked;
    const scanned =
      entry.checked === 0 &&
      run.messages instanceof PackedDictionary &&
      search.needle !== undefined &&
      scanBlob(run.messages, search, entry.bytes);
    if (!scanned)
      for (let id = entry.checked; id < size; id++)
        entry.bytes[id] = search.test(run.messages.at(id)) ? 1 : 0;
    if (!entry.any) entry.any = entry.bytes.subarray(from, size).includes(1);
    entry.checked = size;
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > 256) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }
}

/** Plain text over a packed dictionary: one `indexOf` pass over the whole blob, hits mapped to values. */
function scanBlob(dict: PackedDictionary, search: Search, out: Uint8Array): boolean {
  const blob = search.fold('A') === 'A' ? dict.blob : dict.lowerBlob();
  // A few characters change length when lower-cased: then offsets no longer line up, test each value.
  if (blob.length !== dict.blob.length) return false;
  const needle = search.needle!;
  let at = blob.indexOf(needle);
  while (at >= 0) {
    const id = dict.indexAt(at);
    const end = dict.offsets[id + 1]!;
    if (at + needle.length <= end) {
      out[id] = 1;
      at = blob.indexOf(needle, end); // one hit per value is enough
    } else {
      at = blob.indexOf(needle, at + 1); // spans two values: not a match of either
    }
  }
  return true;
}

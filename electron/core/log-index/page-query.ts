import { rowMatches, type CompiledFilter } from './row-filter.js';
import { indexAt, SEGMENT_CAPACITY, type Run } from './segment.js';

/** A hit: which run, which column index. */
export type Hit = { run: Run; index: number };

/** The id of the event at column index `index` (stable for the life of the index). */
export function eventId(run: Run, index: number): number {
  return run.segment * SEGMENT_CAPACITY + run.columns.ord[index]!;
}

/** First sorted position whose (time, id) is >= (t, id) (binary search; ids grow with ord within a run). */
function lowerBound(run: Run, t: number, id: number): number {
  const c = run.columns;
  let low = 0;
  let high = c.count;
  while (low < high) {
    const middle = (low + high) >> 1;
    const index = indexAt(run, middle);
    const time = c.time[index]!;
    if (time < t || (time === t && eventId(run, index) < id)) low = middle + 1;
    else high = middle;
  }
  return low;
}

type Head = { run: Run; position: number; index: number; messages: Uint8Array | undefined };

/** The runs worth scanning for this filter's search (null: none of the run's messages match). */
function searchable(
  runs: readonly Run[],
  filter: CompiledFilter,
): Array<{ run: Run; messages: Uint8Array | undefined }> {
  const out: Array<{ run: Run; messages: Uint8Array | undefined }> = [];
  for (const run of runs) {
    const messages = filter.messageMatches(run);
    if (messages !== null) out.push({ run, messages });
  }
  return out;
}

/**
 * Up to `limit` matching events strictly after (`direction` 1) or before (-1) the cursor, merged
 * across runs in (time, id) order. Each run is sorted, so this is a k-way merge that starts with a
 * binary search in every run and then scans only until each run's next match.
 *
 * Returns the hits nearest the cursor first, and whether more matches lie beyond the last one.
 */
export function pageFrom(
  runs: readonly Run[],
  filter: CompiledFilter,
  cursor: { t: number; id: number },
  direction: 1 | -1,
  limit: number,
): { hits: Hit[]; more: boolean } {
  const heads: Head[] = [];
  for (const { run, messages } of searchable(runs, filter)) {
    const start =
      direction === 1 ? lowerBound(run, cursor.t, cursor.id + 1) : lowerBound(run, cursor.t, cursor.id) - 1;
    const head: Head = { run, position: start, index: -1, messages };
    if (advance(head, filter, direction, false)) heads.push(head);
  }
  const hits: Hit[] = [];
  while (heads.length > 0 && hits.length < limit) {
    let best = 0;
    for (let candidate = 1; candidate < heads.length; candidate++)
      if (compare(heads[candidate]!, heads[best]!) * direction < 0) best = candidate;
    const head = heads[best]!;
    hits.push({ run: head.run, index: head.index });
    if (!advance(head, filter, direction, true)) heads.splice(best, 1);
  }
  return { hits, more: heads.length > 0 };
}

/** Moves a head to its next matching position (`step` first moves past the current one). */
function advance(head: Head, filter: CompiledFilter, direction: 1 | -1, step: boolean): boolean {
  const { run, messages } = head;
  const c = run.columns;
  let position = step ? head.position + direction : head.position;
  for (; position >= 0 && position < c.count; position += direction) {
    const index = indexAt(run, position);
    const time = c.time[index]!;
    if (direction === 1 ? time > filter.to : time < filter.from) return false;
    if (direction === 1 ? time < filter.from : time > filter.to) continue;
    if (rowMatches(run, index, filter, messages)) {
      head.position = position;
      head.index = index;
      return true;
    }
  }
  return false;
}

function compare(a: Head, b: Head): number {
  const ta = a.run.columns.time[a.index]!;
  const tb = b.run.columns.time[b.index]!;
  return ta - tb || eventId(a.run, a.index) - eventId(b.run, b.index);
}

/** Counts per bucket and level: `counts[bucket * 4 + level]`. */
export function histogram(
  runs: readonly Run[],
  filter: CompiledFilter,
  from: number,
  bucketMs: number,
  buckets: number,
): { counts: Float64Array; total: number } {
  const counts = new Float64Array(buckets * 4);
  let total = 0;
  const end = from + bucketMs * buckets;
  for (const { run, messages } of searchable(runs, filter)) {
    const c = run.columns;
    const first = lowerBound(run, Math.max(from, filter.from), 0);
    for (let position = first; position < c.count; position++) {
      const index = indexAt(run, position);
      const time = c.time[index]!;
      if (time >= end || time > filter.to) break;
      if (!rowMatches(run, index, filter, messages)) continue;
      counts[Math.floor((time - from) / bucketMs) * 4 + c.level[index]!]!++;
      total++;
    }
  }
  return { counts, total };
}

/** The event of a source line, if the index holds it (the newest, when a file was read twice). */
export function locate(runs: readonly Run[], file: number, line: number): Hit | undefined {
  let found: Hit | undefined;
  for (const run of runs) {
    const c = run.columns;
    for (let index = 0; index < c.count; index++) {
      if (c.line[index] !== line || c.file[index] !== file) continue;
      if (!found || eventId(run, index) > eventId(found.run, found.index)) found = { run, index };
    }
  }
  return found;
}

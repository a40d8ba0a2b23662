import { serverIdentityKey, type LogEvent, type ServerIdentity } from '../../../shared/log-events.js';
import type {
  LogCursor,
  LogFilter,
  LogHistogram,
  LogQuery,
  LogQueryRequest,
  LogRow,
} from '../../../shared/logs-contract.js';
import {
  compileFilter,
  KINDS,
  LEVELS,
  MatchCache,
  rowMatches,
  summaryMayMatch,
  type CompiledFilter,
} from './row-filter.js';
import { eventId, histogram, locate, pageFrom, type Hit } from './page-query.js';
import { GrowingSegment, SEGMENT_CAPACITY, type Run } from './segment.js';
import { SegmentStore } from './segment-store.js';

/** Messages in list rows are cut here; the detail panel asks for the event in full. */
export const ROW_MESSAGE_LIMIT = 2000;
const FULL_MESSAGE_LIMIT = 256 * 1024;
const DEFAULT_PAGE = 500;
const BASE_FIELDS = new Set(['kind', 'time', 'server', 'level', 'message', 'source']);

/** The LogIndex's folder for sealed segments and how much of them stays decoded in memory. */
export type LogIndexOptions = {
  /** Where sealed segments are written (wiped at open). */
  dir: string;
  cacheBytes?: number;
  onError?: (error: unknown) => void;
};

/**
 * The log viewer's index of normalized events: every event the service's tailer reads, kept as
 * compact columns in time-sorted segments of 64 Ki events on disk, with per-segment dictionaries of
 * messages. Queries (filters, text or regex, cursors both ways, histograms) are answered from it
 * without reading the client logs again (docs/ARCHITECTURE.md, "Log viewer index").
 */
export class LogIndex {
  private readonly store: SegmentStore;
  private readonly serverIds = new Map<string, number>();
  private readonly servers: ServerIdentity[] = [];
  private readonly fileIds = new Map<string, number>();
  private readonly files: string[] = [];
  private readonly matchCache = new MatchCache();
  private growing = new GrowingSegment(0);
  private total = 0;
  private oldest = Infinity;
  private newest = -Infinity;

  constructor(options: LogIndexOptions) {
    this.store = new SegmentStore({
      dir: options.dir,
      ...(options.cacheBytes === undefined ? {} : { cacheBytes: options.cacheBytes }),
      ...(options.onError ? { onError: options.onError } : {}),
    });
  }

  open(): Promise<void> {
    return this.store.open();
  }

  close(): Promise<void> {
    return this.store.close();
  }

  get size(): number {
    return this.total;
  }

  span(): { oldest?: number; newest?: number } {
    return this.total === 0 ? {} : { oldest: this.oldest, newest: this.newest };
  }

  knownServers(): readonly ServerIdentity[] {
    return this.servers;
  }

  fileId(file: string): number | undefined {
    return this.fileIds.get(file);
  }

  /** Adds one event; returns its id. Hot path: a few map lookups and typed-array stores. */
  add(event: LogEvent): number {
    let time = Date.parse(event.time);
    if (Number.isNaN(time)) time = this.newest > -Infinity ? this.newest : Date.now();
    const id = this.growing.add({
      time,
      server: this.intern(this.serverIds, this.servers, serverIdentityKey(event.server), event.server),
      file: this.intern(this.fileIds, this.files, event.source.file, event.source.file),
      line: Math.max(0, event.source.line),
      level: LEVELS.indexOf(event.level),
      kind: Math.max(0, KINDS.indexOf(event.kind)),
      message: event.message,
      extra: extraFields(event),
    });
    this.total++;
    if (time < this.oldest) this.oldest = time;
    if (time > this.newest) this.newest = time;
    if (this.growing.full) {
      this.store.add(this.growing.seal());
      this.growing = new GrowingSegment(this.growing.id + 1);
    }
    return id;
  }

  compile(filter: LogFilter): ReturnType<typeof compileFilter> {
    return compileFilter(filter, this.servers, this.matchCache);
  }

  /** One page of matching rows around an anchor; rows oldest first. */
  query(request: LogQueryRequest): LogQuery {
    const compiled = this.compile(request.filter);
    if (!compiled.ok) return { rows: [], hasBefore: false, hasAfter: false, searchError: compiled.error };
    const filter = compiled.filter;
    const runs = this.runs(filter);
    const limit = request.limit ?? DEFAULT_PAGE;
    const toRow = (hit: Hit): LogRow => this.row(hit, request.full ?? false);
    if (request.after) {
      const page = pageFrom(runs, filter, request.after, 1, limit);
      return { rows: page.hits.map(toRow), hasBefore: true, hasAfter: page.more };
    }
    if (request.before) {
      const page = pageFrom(runs, filter, request.before, -1, limit);
      return { rows: page.hits.reverse().map(toRow), hasBefore: page.more, hasAfter: true };
    }
    let around = request.around;
    let anchorHit: Hit | undefined;
    if (request.locate) {
      const file = this.fileIds.get(request.locate.file);
      const hit = file === undefined ? undefined : locate(runs, file, request.locate.line);
      if (hit && rowMatches(hit.run, hit.index, filter, filter.messageMatches(hit.run))) anchorHit = hit;
      else if (hit) around = hit.run.columns.time[hit.index]!;
    }
    if (anchorHit) {
      const anchor: LogCursor = {
        t: anchorHit.run.columns.time[anchorHit.index]!,
        id: eventId(anchorHit.run, anchorHit.index),
      };
      const before = pageFrom(runs, filter, anchor, -1, Math.floor(limit / 2));
      const after = pageFrom(runs, filter, anchor, 1, Math.max(0, limit - before.hits.length - 1));
      return {
        rows: [...before.hits.reverse(), anchorHit, ...after.hits].map(toRow),
        hasBefore: before.more,
        hasAfter: after.more,
        anchorId: anchor.id,
      };
    }
    if (around === undefined) {
      const page = pageFrom(runs, filter, { t: Infinity, id: 0 }, -1, limit);
      return { rows: page.hits.reverse().map(toRow), hasBefore: page.more, hasAfter: false };
    }
    // Around a moment: half before it, the rest at or after it.
    const before = pageFrom(runs, filter, { t: around, id: 0 }, -1, Math.floor(limit / 2));
    const after = pageFrom(runs, filter, { t: around, id: -1 }, 1, limit - before.hits.length);
    const first = after.hits[0] ?? before.hits[0];
    return {
      rows: [...before.hits.reverse(), ...after.hits].map(toRow),
      hasBefore: before.more,
      hasAfter: after.more,
      ...(first ? { anchorId: eventId(first.run, first.index) } : {}),
    };
  }

  /** Per-level counts over time for the filter's range (the indexed span when unbounded). */
  histogram(filter: LogFilter, buckets = 120): LogHistogram {
    const compiled = this.compile(filter);
    // An open end fits the matching events (a search over "everything" spans only its matches).
    const span = compiled.ok ? this.matchSpan(compiled.filter) : undefined;
    const from = Number.isFinite(filter.from) ? filter.from! : (span?.first ?? Date.now() - 3600_000);
    const to = Number.isFinite(filter.to) ? filter.to! : span ? span.last + 1 : Date.now();
    const bucketMs = niceBucket(Math.max(1, to - from) / buckets);
    const start = Math.floor(from / bucketMs) * bucketMs;
    const count = Math.max(1, Math.ceil((to - start) / bucketMs));
    if (!compiled.ok) return { from: start, bucketMs, counts: [], total: 0, searchError: compiled.error };
    const { counts, total } = histogram(this.runs(compiled.filter), compiled.filter, start, bucketMs, count);
    const rows: LogHistogram['counts'] = [];
    for (let bucket = 0; bucket < count; bucket++)
      rows.push([
        counts[bucket * 4]!,
        counts[bucket * 4 + 1]!,
        counts[bucket * 4 + 2]!,
        counts[bucket * 4 + 3]!,
      ]);
    return { from: start, bucketMs, counts: rows, total };
  }

  /** The whole event behind an id (message capped at 256 KiB), or undefined when unknown. */
  event(id: number): { event: LogEvent; messageCut?: number } | undefined {
    const segment = Math.floor(id / SEGMENT_CAPACITY);
    const ord = id % SEGMENT_CAPACITY;
    const run = segment === this.growing.id ? this.growing.run() : this.store.run(segment);
    if (!run) return undefined;
    const c = run.columns;
    let index = -1;
    if (run.order) index = ord < c.count ? ord : -1;
    else for (let at = 0; at < c.count; at++) if (c.ord[at] === ord) index = at;
    if (index < 0) return undefined;
    const message = run.messages.at(c.message[index]!);
    const extra = run.extras.at(c.extra[index]!);
    const event = {
      kind: KINDS[c.kind[index]!],
      time: new Date(c.time[index]!).toISOString(),
      server: this.servers[c.server[index]!]!,
      level: LEVELS[c.level[index]!],
      message: message.length > FULL_MESSAGE_LIMIT ? message.slice(0, FULL_MESSAGE_LIMIT) : message,
      source: { file: this.files[c.file[index]!]!, line: c.line[index]! },
      ...(extra ? (JSON.parse(extra) as object) : {}),
    } as LogEvent;
    return message.length > FULL_MESSAGE_LIMIT ? { event, messageCut: FULL_MESSAGE_LIMIT } : { event };
  }

  /** The times of the first and last events a filter matches, if any. */
  private matchSpan(filter: CompiledFilter): { first: number; last: number } | undefined {
    const runs = this.runs(filter);
    const first = pageFrom(runs, filter, { t: -Infinity, id: 0 }, 1, 1).hits[0];
    const last = pageFrom(runs, filter, { t: Infinity, id: 0 }, -1, 1).hits[0];
    if (!first || !last) return undefined;
    return { first: first.run.columns.time[first.index]!, last: last.run.columns.time[last.index]! };
  }

  /** Drops whole segments older than `beforeMs` (the window slid past them). */
  async dropOlderThan(beforeMs: number): Promise<void> {
    this.total -= await this.store.dropOlderThan(beforeMs);
    const oldest = Math.min(...this.store.list().map((summary) => summary.minTime));
    if (Number.isFinite(oldest)) this.oldest = oldest;
  }

  /** Rows for a live subscriber: the given events, already indexed, as the list shows them. */
  rowOf(event: LogEvent, id: number): LogRow {
    return {
      id,
      t: Date.parse(event.time) || Date.now(),
      time: event.time,
      server: event.server,
      level: event.level,
      kind: event.kind,
      ...cut(event.message, ROW_MESSAGE_LIMIT),
      file: event.source.file,
      line: event.source.line,
    };
  }

  /** Whether `event` passes a compiled filter (live subscriptions test each new event). */
  matches(event: LogEvent, filter: CompiledFilter): boolean {
    const server = this.serverIds.get(serverIdentityKey(event.server));
    const time = Date.parse(event.time);
    return (
      server !== undefined &&
      filter.serverOk[server] === 1 &&
      ((filter.levelMask >> LEVELS.indexOf(event.level)) & 1) === 1 &&
      filter.kindOk[Math.max(0, KINDS.indexOf(event.kind))] === 1 &&
      !(time < filter.from || time > filter.to) &&
      (filter.search.empty || filter.search.test(event.message))
    );
  }

  private runs(filter: CompiledFilter): Run[] {
    const runs: Run[] = [];
    for (const summary of this.store.list()) {
      if (!summaryMayMatch(summary, filter)) continue;
      const run = this.store.run(summary.id);
      if (run) runs.push(run);
    }
    if (this.growing.columns.count > 0) runs.push(this.growing.run());
    return runs;
  }

  private row(hit: Hit, full: boolean): LogRow {
    const { run, index } = hit;
    const c = run.columns;
    const t = c.time[index]!;
    return {
      id: eventId(run, index),
      t,
      time: new Date(t).toISOString(),
      server: this.servers[c.server[index]!]!,
      level: LEVELS[c.level[index]!]!,
      kind: KINDS[c.kind[index]!]!,
      ...cut(run.messages.at(c.message[index]!), full ? FULL_MESSAGE_LIMIT : ROW_MESSAGE_LIMIT),
      file: this.files[c.file[index]!]!,
      line: c.line[index]!,
    };
  }

  private intern<T>(ids: Map<string, number>, values: T[], key: string, value: T): number {
    let id = ids.get(key);
    if (id === undefined) {
      id = values.length;
      ids.set(key, id);
      values.push(value);
    }
    return id;
  }
}

function cut(message: string, limit: number): { message: string; fullLength?: number } {
  return message.length > limit
    ? { message: message.slice(0, limit), fullLength: message.length }
    : { message };
}

/** The event's own fields beyond the common ones (kind-specific, session) as JSON; '' for none. */
function extraFields(event: LogEvent): string {
  let extra: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(event)) {
    if (BASE_FIELDS.has(key) || value === undefined) continue;
    (extra ??= {})[key] = value;
  }
  return extra ? JSON.stringify(extra) : '';
}

const STEPS = [1, 2, 5, 10, 20, 50, 100, 250, 500].concat(
  [1, 2, 5, 10, 15, 30].map((s) => s * 1000),
  [1, 2, 5, 10, 15, 30].map((m) => m * 60_000),
  [1, 2, 3, 6, 12].map((h) => h * 3600_000),
  [1, 2, 7, 14, 30].map((d) => d * 86_400_000),
);

/** The smallest round bucket width at least `ms` wide (1 s, 5 min, 1 h …). */
function niceBucket(ms: number): number {
  return STEPS.find((step) => step >= ms) ?? Math.ceil(ms / 86_400_000) * 86_400_000;
}

import type { ConfigProblem } from '../../../shared/server-model.js';
import {
  summarizeStatuses,
  type ServerStatusEntry,
  type StatusChanged,
  type StatusSnapshot,
} from '../../../shared/server-status.js';
import { buildStatusEntries, type StatusInputs } from './status-entries.js';

/** Changes reach listeners at most this often (per server and, in fact, overall). */
export const STATUS_COALESCE_MS = 250;
/**
 * Evidence ages even when nothing happens (a journal-only proxy falls silent, log evidence turns a day
 * old): the model looks again this often, and says something only if an entry changed.
 */
const AGEING_MS = 60_000;

export type StatusModelOptions = {
  /** The inputs as they are now (config watcher, timelines, hub live states); read on every rebuild. */
  inputs: () => StatusInputs & { problems: readonly ConfigProblem[] };
  onChange: (change: StatusChanged) => void;
  now?: () => Date;
  coalesceMs?: number;
  ageingMs?: number;
};

/**
 * The one status model: every server of every client, merged from the config watcher, the timelines
 * and the live proxy states (status-entries.ts), kept as a snapshot and announced as changes.
 *
 * Driven by events: the service calls `invalidate()` on a hub state event, a config change or new log
 * evidence. Invalidations are coalesced: the first after a quiet spell rebuilds on the next tick; later
 * ones within `coalesceMs` of the last announcement wait for its end, so each server gets at most one
 * change per `coalesceMs` however many events arrive.
 */
export class StatusModel {
  private entries = new Map<string, ServerStatusEntry>();
  private problems: readonly ConfigProblem[] = [];
  private problemsText = '[]';
  private timer: NodeJS.Timeout | undefined;
  private ageing: NodeJS.Timeout | undefined;
  private lastFlushAt = 0;
  private stopped = false;
  /** Rebuilds done (for tests and the bench). */
  rebuilds = 0;

  constructor(private readonly options: StatusModelOptions) {}

  /** Builds the first snapshot (no event) and starts the ageing clock. */
  start(): void {
    this.rebuild();
    this.ageing = setInterval(() => this.invalidate(), this.options.ageingMs ?? AGEING_MS);
    this.ageing.unref();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.ageing);
  }

  /** Something an entry may depend on changed; a rebuild follows within `coalesceMs`. */
  invalidate(): void {
    if (this.stopped || this.timer) return;
    const wait = Math.max(0, this.lastFlushAt + (this.options.coalesceMs ?? STATUS_COALESCE_MS) - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, wait);
    this.timer.unref();
  }

  /** Every server as the model sees it now (rebuilt if a change is pending, so it is never stale). */
  snapshot(): StatusSnapshot {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.flush();
    }
    const servers = [...this.entries.values()];
    return {
      generatedAt: this.now().toISOString(),
      servers,
      problems: [...this.problems],
      summary: summarizeStatuses(servers),
    };
  }

  /** The entry of `key`, if any. */
  entry(key: string): ServerStatusEntry | undefined {
    return this.entries.get(key);
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private flush(): void {
    if (this.stopped) return;
    const { changed, removed, problemsChanged } = this.rebuild();
    if (changed.length === 0 && removed.length === 0 && !problemsChanged) return;
    // Measured from the announcement itself (after the rebuild, however long it took).
    this.lastFlushAt = Date.now();
    this.options.onChange({
      generatedAt: this.now().toISOString(),
      changed,
      removed,
      problems: [...this.problems],
      summary: summarizeStatuses([...this.entries.values()]),
    });
  }

  private rebuild(): { changed: ServerStatusEntry[]; removed: string[]; problemsChanged: boolean } {
    this.rebuilds++;
    const inputs = this.options.inputs();
    const next = new Map<string, ServerStatusEntry>();
    for (const entry of buildStatusEntries(inputs)) if (!next.has(entry.key)) next.set(entry.key, entry);
    const changed: ServerStatusEntry[] = [];
    for (const [key, entry] of next) {
      const before = this.entries.get(key);
      if (!before || !sameEntry(before, entry)) changed.push(entry);
    }
    const removed = [...this.entries.keys()].filter((key) => !next.has(key));
    this.entries = next;
    const problemsText = JSON.stringify(inputs.problems);
    const problemsChanged = problemsText !== this.problemsText;
    this.problems = inputs.problems;
    this.problemsText = problemsText;
    return { changed, removed, problemsChanged };
  }
}

/** Equal as the screens see them (field by field; entries are flat but for two small values). */
function sameEntry(a: ServerStatusEntry, b: ServerStatusEntry): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

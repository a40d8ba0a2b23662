import { readFileSync } from 'node:fs';
import { mkdir, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { decodeSegment, encodeSegment, type Run } from './segment.js';

/** What stays in memory of a sealed segment: enough to skip it without reading it. */
export type SegmentSummary = {
  id: number;
  count: number;
  minTime: number;
  maxTime: number;
  /** Bit per level (debug, info, warn, error) present. */
  levels: number;
  /** Server ids present. */
  servers: Set<number>;
  bytes: number;
};

/** The SegmentStore's folder and the byte budget of decoded segments it keeps. */
export type SegmentStoreOptions = {
  dir: string;
  /** Decoded segments kept in memory, by encoded size (default 48 MiB). */
  cacheBytes?: number;
  onError?: (error: unknown) => void;
};

/**
 * Sealed segments on disk (`<dir>/<id>.seg`), their summaries in memory and the most recently used
 * ones decoded in a bounded cache: memory stays flat however many events the window holds.
 *
 * A segment is kept in memory until its file is written, so queries never wait for the disk.
 */
export class SegmentStore {
  private readonly summaries = new Map<number, SegmentSummary>();
  private readonly cache = new Map<number, { run: Run; bytes: number }>();
  private readonly writing = new Map<number, Run>();
  private cachedBytes = 0;
  private writes: Promise<void> = Promise.resolve();

  constructor(private readonly options: SegmentStoreOptions) {}

  async open(): Promise<void> {
    // The index is rebuilt from the logs at every start (docs/logs-and-diagnosis.md, "Log viewer").
    await rm(this.options.dir, { recursive: true, force: true });
    await mkdir(this.options.dir, { recursive: true, mode: 0o700 });
  }

  list(): SegmentSummary[] {
    return [...this.summaries.values()];
  }

  /** Stores a sealed run; the file is written in the background, in order. */
  add(run: Run): SegmentSummary {
    const c = run.columns;
    const servers = new Set<number>();
    let levels = 0;
    for (let index = 0; index < c.count; index++) {
      servers.add(c.server[index]!);
      levels |= 1 << c.level[index]!;
    }
    const encoded = encodeSegment(run);
    const summary: SegmentSummary = {
      id: run.segment,
      count: c.count,
      minTime: c.count ? c.time[0]! : 0,
      maxTime: c.count ? c.time[c.count - 1]! : 0,
      levels,
      servers,
      bytes: encoded.length,
    };
    this.summaries.set(run.segment, summary);
    // The sealed run points into its own arrays; the cache keeps the decoded form of the file instead.
    const decoded = decodeSegment(run.segment, encoded);
    this.writing.set(run.segment, decoded);
    this.remember(run.segment, decoded, encoded.length);
    this.writes = this.writes
      .then(() => writeFile(this.file(run.segment), encoded, { mode: 0o600 }))
      .catch((error: unknown) => this.options.onError?.(error))
      .finally(() => this.writing.delete(run.segment));
    return summary;
  }

  /** The decoded segment, from the cache or its file (synchronous: queries run to completion). */
  run(id: number): Run | undefined {
    const cached = this.cache.get(id);
    if (cached) {
      this.cache.delete(id);
      this.cache.set(id, cached);
      return cached.run;
    }
    const pending = this.writing.get(id);
    if (pending) return pending;
    const summary = this.summaries.get(id);
    if (!summary) return undefined;
    const run = decodeSegment(id, readFileSync(this.file(id)));
    this.remember(id, run, summary.bytes);
    return run;
  }

  /** Forgets segments wholly older than `beforeMs` (they left the window). */
  async dropOlderThan(beforeMs: number): Promise<number> {
    let dropped = 0;
    for (const summary of [...this.summaries.values()]) {
      if (summary.maxTime >= beforeMs) continue;
      this.summaries.delete(summary.id);
      const cached = this.cache.get(summary.id);
      if (cached) this.cachedBytes -= cached.bytes;
      this.cache.delete(summary.id);
      dropped += summary.count;
      await this.writes;
      await unlink(this.file(summary.id)).catch(() => undefined);
    }
    return dropped;
  }

  async close(): Promise<void> {
    await this.writes;
    this.cache.clear();
    this.cachedBytes = 0;
  }

  private remember(id: number, run: Run, bytes: number): void {
    this.cache.set(id, { run, bytes });
    this.cachedBytes += bytes;
    const limit = this.options.cacheBytes ?? 48 * 1024 * 1024;
    for (const [oldest, entry] of this.cache) {
      if (this.cachedBytes <= limit || this.cache.size <= 2) break;
      this.cache.delete(oldest);
      this.cachedBytes -= entry.bytes;
    }
  }

  private file(id: number): string {
    return path.join(this.options.dir, `${String(id).padStart(8, '0')}.seg`);
  }
}

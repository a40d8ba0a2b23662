import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LogEvent } from '../../../shared/log-events.js';
import { FORMAT_READERS } from './log-formats.js';
import { countLines } from './line-splitter.js';
import type { LogSource } from './log-source.js';
import { readLogFile, type ReadPosition } from './read-log-file.js';
import { discoverLogSources, type LogScope } from './scan-logs.js';

export type TailerOptions = {
  scope: LogScope;
  onEvent: (event: LogEvent) => void;
  /** Where offsets survive restarts (e.g. `<dataDir>/logs/offsets.json`); none = in memory only. */
  stateFile?: string;
  /** Files seen for the first time start at their end (only new lines are reported). */
  startAtEnd?: boolean;
  /** How often known files are checked; also bounds the append-to-event latency. */
  pollMs?: number;
  /** How often folders are listed again for new files. */
  rescanMs?: number;
  onError?: (file: string, error: unknown) => void;
};

type Tracked = { source: LogSource; position: ReadPosition; ino: number; mtimeMs: number };
type SavedState = Record<string, { position: ReadPosition; ino: number; mtimeMs: number }>;

/**
 * Follows log files as clients append to them, emitting each new event once.
 *
 * Offsets are kept per file (and persisted when `stateFile` is set) so a restart resumes where it
 * stopped. A file whose inode changed (rotation) or that shrank (truncation) is read again from the
 * start; a line still being written waits for its newline; JSON-array logs rewritten whole emit only
 * their new entries. Polling a stat per file keeps this portable and cheap for the few live files.
 */
export class LogTailer {
  private readonly tracked = new Map<string, Tracked>();
  private timer: NodeJS.Timeout | undefined;
  private lastRescan = 0;
  private stopped = false;
  private dirty = false;

  constructor(private readonly options: TailerOptions) {}

  fileCount(): number {
    return this.tracked.size;
  }

  async start(): Promise<void> {
    const saved = await this.loadState();
    await this.rescan(saved, this.options.startAtEnd ?? false);
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.saveState();
  }

  /** One pass over every tracked file; exposed for tests and benches that drive time themselves. */
  async poll(): Promise<void> {
    if (Date.now() - this.lastRescan >= (this.options.rescanMs ?? 5000)) await this.rescan({}, false);
    for (const entry of this.tracked.values()) await this.pollFile(entry);
    if (this.dirty) await this.saveState();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.poll()
        .catch((error: unknown) => this.options.onError?.('(poll)', error))
        .finally(() => this.schedule());
    }, this.options.pollMs ?? 100);
  }

  private async rescan(saved: SavedState, atEnd: boolean): Promise<void> {
    this.lastRescan = Date.now();
    const { sources } = await discoverLogSources(this.options.scope);
    for (const source of sources) {
      if (this.tracked.has(source.file)) continue;
      const previous = saved[source.file];
      const position =
        previous?.position ?? (atEnd ? await endPosition(source) : { offset: 0, line: 0, entries: 0 });
      this.tracked.set(source.file, {
        source,
        position,
        ino: previous?.ino ?? -1,
        mtimeMs: previous?.mtimeMs ?? 0,
      });
    }
  }

  private async pollFile(entry: Tracked): Promise<void> {
    let info;
    try {
      info = await stat(entry.source.file, { bigint: false });
    } catch {
      return; // deleted (cleanup or rotation in progress); the rescan drops or re-adds it
    }
    const rotated = entry.ino !== -1 && info.ino !== entry.ino;
    const truncated = info.size < entry.position.offset;
    if (rotated || truncated) entry.position = { offset: 0, line: 0, entries: 0 };
    entry.ino = info.ino;
    const whole = FORMAT_READERS[entry.source.format].mode === 'whole';
    const changed = whole ? info.mtimeMs !== entry.mtimeMs : info.size > entry.position.offset;
    if (!changed) return;
    entry.mtimeMs = info.mtimeMs;
    entry.source = { ...entry.source, size: info.size, mtimeMs: info.mtimeMs };
    try {
      const result = await readLogFile(entry.source, { from: entry.position, onEvent: this.options.onEvent });
      entry.position = result.position;
      this.dirty = true;
    } catch (error) {
      this.options.onError?.(entry.source.file, error);
    }
  }

  private async loadState(): Promise<SavedState> {
    if (!this.options.stateFile) return {};
    try {
      return JSON.parse(await readFile(this.options.stateFile, 'utf8')) as SavedState;
    } catch {
      return {};
    }
  }

  private async saveState(): Promise<void> {
    const file = this.options.stateFile;
    this.dirty = false;
    if (!file) return;
    const state: SavedState = {};
    for (const [name, entry] of this.tracked)
      state[name] = { position: entry.position, ino: entry.ino, mtimeMs: entry.mtimeMs };
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(state), { mode: 0o600 });
    await rename(temp, file);
  }
}

async function endPosition(source: LogSource): Promise<ReadPosition> {
  if (FORMAT_READERS[source.format].mode === 'whole') {
    let entries = 0;
    const result = await readLogFile(source, { onEvent: () => entries++ });
    return result.position;
  }
  // Line numbers stay right for evidence when the file is small enough to count cheaply.
  const line = source.size <= 64 * 1024 * 1024 ? await countLines(source.file, source.size) : 0;
  return { offset: source.size, line, entries: 0 };
}

import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { LogEvent } from '../../../shared/log-events.js';
import { FORMAT_READERS } from './log-formats.js';
import { countLines } from './line-splitter.js';
import { LOG_ROOT_DEPTH, logRoots } from './log-roots.js';
import type { LogSource } from './log-source.js';
import { readLogFile, type ReadPosition, type ReadResult } from './read-log-file.js';
import { discoverLogSources, type LogScope } from './scan-logs.js';

/** `backfill`: a line written before the tailer reached it (history replayed at start), not news. */
export type TailEventContext = { backfill: boolean };

/** What the LogTailer follows, where it keeps its offsets, and how much history it replays. */
export type TailerOptions = {
  scope: LogScope;
  onEvent: (event: LogEvent, context: TailEventContext) => void;
  /** Where offsets survive restarts (e.g. `<dataDir>/logs/offsets.json`); none = in memory only. */
  stateFile?: string;
  /** Files seen for the first time at start begin at their end (only new lines are reported). */
  startAtEnd?: boolean;
  /**
   * At start, replay up to this many bytes before each file's starting position as backfill, newest
   * files first, in total (history for timelines after a restart). Default 0: none.
   */
  backfillBytes?: number;
  /** Only files modified within this window (sliding; overrides `scope.sinceMs`). */
  windowMs?: number;
  /** How often every tracked file is checked; with `watch`, a fallback for missed notifications. */
  pollMs?: number;
  /** How often folders are listed again for new files. */
  rescanMs?: number;
  /** Notice appends and new files through chokidar (fs events) instead of waiting for a poll. */
  watch?: boolean;
  /** Offsets are written at most this often (atomic temp + rename), and on stop. Default 1000 ms. */
  saveEveryMs?: number;
  onError?: (file: string, error: unknown) => void;
  /** After each read of a file: how many lines it skipped (`malformed`), for a reader that reports them. */
  onRead?: (file: string, result: ReadResult) => void;
  /** A file is read again from its start: replaced by another (new inode) or cut shorter. */
  onRestart?: (file: string, reason: 'rotated' | 'truncated') => void;
};

type Tracked = {
  source: LogSource;
  position: ReadPosition;
  ino: number;
  mtimeMs: number;
  reading?: Promise<void>;
  readAgain?: boolean;
  /** The first read of a file found while running covers at most this many of its newest bytes. */
  firstReadMaxBytes?: number;
  /** History to replay before the first live read (bytes before `position`; whole files: entries). */
  backfillBytes?: number;
  trailingCheck?: NodeJS.Timeout;
};
type SavedState = Record<string, { position: ReadPosition; ino: number; mtimeMs: number }>;

/** A file found while running is new or came back into the window: read at most this much of it. */
const FIRST_READ_MAX_BYTES = 1024 * 1024;
const MAX_DORMANT = 5000;
const CHOKIDAR_CHANGE_THROTTLE_MS = 50;
const START_LINE_COUNT_BYTES = 64 * 1024 * 1024;
const START_POSITION: ReadPosition = { offset: 0, line: 0, entries: 0 };

/**
 * Follows log files as clients append to them, emitting each new event once.
 *
 * Offsets are kept per file (and persisted, throttled, when `stateFile` is set) so a restart resumes
 * where it stopped: nothing written while Tether was down is missed, nothing already emitted comes
 * again. A file whose inode changed (rotation) or that shrank (truncation) is read again from the
 * start; a line still being written waits for its newline; JSON-array logs rewritten whole emit only
 * their new entries. Reads of one file never overlap (a poll and a watch event arriving together).
 *
 * Memory stays bounded whatever the folder size: only files modified within the window are tracked,
 * newest first and at most `scope.maxFiles`; reads stream; the watcher ignores files older than the
 * window.
 */
export class LogTailer {
  private readonly tracked = new Map<string, Tracked>();
  /**
   * Offsets of files that left the window (or the newest `maxFiles`): if one comes back (appended to
   * again), it resumes where it was instead of being read again. Bounded, oldest forgotten first.
   */
  private readonly dormant = new Map<string, SavedState[string]>();
  private timer: NodeJS.Timeout | undefined;
  private saveTimer: NodeJS.Timeout | undefined;
  private rescanTimer: NodeJS.Timeout | undefined;
  private watcher: FSWatcher | undefined;
  private readonly watchedRoots = new Set<string>();
  private lastRescan = 0;
  private stopped = false;
  private saving: Promise<void> = Promise.resolve();
  private catchingUp: Promise<void> = Promise.resolve();
  private watchReady: Promise<void> = Promise.resolve();

  constructor(private readonly options: TailerOptions) {}

  fileCount(): number {
    return this.tracked.size;
  }

  /**
   * Lists the window and fixes every file's starting position, then returns: new lines are followed
   * from here on. History (backfill) is replayed in the background, newest files first; each file's
   * backfill comes before its first live event. `caughtUp()` resolves when all of it is done.
   */
  async start(): Promise<void> {
    const saved = await this.loadState();
    const added = await this.rescan(saved, this.options.startAtEnd ? 'start-at-end' : 'start');
    for (const [file, state] of Object.entries(saved))
      if (!this.tracked.has(file) && this.dormant.size < MAX_DORMANT) this.dormant.set(file, state);
    let budget = this.options.backfillBytes ?? 0;
    for (const entry of added) {
      if (budget <= 0) break;
      const whole = FORMAT_READERS[entry.source.format].mode === 'whole';
      const bytes = whole
        ? entry.position.entries > 0
          ? entry.source.size
          : 0
        : Math.min(entry.position.offset, budget);
      if (bytes <= 0) continue;
      entry.backfillBytes = bytes;
      budget -= bytes;
    }
    if (this.options.watch) await this.watchRoots();
    this.catchingUp = (async () => {
      for (const entry of added) if (!this.stopped) await this.readSerial(entry);
    })();
    this.schedule();
  }

  /** Resolves once the fs watcher has listed the roots (changes before that are left to the poll). */
  watching(): Promise<void> {
    return this.watchReady;
  }

  /** Resolves once the history replay and the first read of every file found at start are done. */
  caughtUp(): Promise<void> {
    return this.catchingUp;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.saveTimer);
    clearTimeout(this.rescanTimer);
    await this.watcher?.close();
    for (const entry of this.tracked.values()) clearTimeout(entry.trailingCheck);
    await this.catchingUp;
    for (const entry of this.tracked.values()) if (entry.reading) await entry.reading;
    await this.saveState();
  }

  /** One pass over every tracked file; exposed for tests and benches that drive time themselves. */
  async poll(): Promise<void> {
    if (Date.now() - this.lastRescan >= (this.options.rescanMs ?? 5000)) await this.rescanAndRead();
    for (const entry of [...this.tracked.values()]) await this.readSerial(entry);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.poll()
        .catch((error: unknown) => this.options.onError?.('(poll)', error))
        .finally(() => this.schedule());
    }, this.options.pollMs ?? 100);
  }

  private scope(): LogScope {
    const { windowMs } = this.options;
    return windowMs === undefined
      ? this.options.scope
      : { ...this.options.scope, sinceMs: Date.now() - windowMs };
  }

  private async rescanAndRead(): Promise<void> {
    const added = await this.rescan({}, 'running');
    for (const entry of added) await this.readSerial(entry);
    if (this.options.watch) await this.watchRoots();
  }

  /** Lists the window again: tracks new files, forgets ones that left it. Returns the new entries. */
  private async rescan(saved: SavedState, phase: 'start' | 'start-at-end' | 'running'): Promise<Tracked[]> {
    this.lastRescan = Date.now();
    const { sources } = await discoverLogSources(this.scope());
    const current = new Set(sources.map((source) => source.file));
    for (const [file, entry] of this.tracked) {
      if (current.has(file) || entry.reading) continue;
      this.tracked.delete(file);
      this.dormant.set(file, { position: entry.position, ino: entry.ino, mtimeMs: entry.mtimeMs });
      if (this.dormant.size > MAX_DORMANT) this.dormant.delete(this.dormant.keys().next().value!);
    }
    const added: Tracked[] = [];
    // Start-up counts lines (for file:line evidence) of the newest files only, within this budget.
    const lineCountBudget = { bytes: START_LINE_COUNT_BYTES };
    for (const source of sources) {
      if (this.tracked.has(source.file)) continue;
      const previous = saved[source.file] ?? this.dormant.get(source.file);
      this.dormant.delete(source.file);
      const position =
        previous?.position ??
        (phase === 'start-at-end' ? await endPosition(source, lineCountBudget) : START_POSITION);
      const entry: Tracked = {
        source,
        position,
        ino: previous?.ino ?? -1,
        mtimeMs: previous?.mtimeMs ?? 0,
      };
      // A file that appears while running is read whole when small, else only its newest part.
      if (!previous && phase === 'running') entry.firstReadMaxBytes = FIRST_READ_MAX_BYTES;
      this.tracked.set(source.file, entry);
      added.push(entry);
    }
    return added;
  }

  /** Replays a file's history before its starting position, once, as backfill. */
  private async backfill(entry: Tracked): Promise<void> {
    const bytes = entry.backfillBytes;
    entry.backfillBytes = undefined;
    if (bytes === undefined) return;
    try {
      const result = await readLogFile(entry.source, {
        until: entry.position,
        maxBytes: bytes,
        onEvent: (event) => this.options.onEvent(event, { backfill: true }),
      });
      this.options.onRead?.(entry.source.file, result);
    } catch (error) {
      this.options.onError?.(entry.source.file, error);
    }
  }

  /** Reads one file; a request arriving mid-read makes one more pass instead of a parallel read. */
  private readSerial(entry: Tracked): Promise<void> {
    if (entry.reading) {
      entry.readAgain = true;
      return entry.reading;
    }
    entry.reading = (async () => {
      await this.backfill(entry);
      do {
        entry.readAgain = false;
        await this.pollFile(entry);
      } while (entry.readAgain && !this.stopped);
    })().finally(() => (entry.reading = undefined));
    return entry.reading;
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
    if (rotated || truncated) {
      entry.position = START_POSITION;
      this.options.onRestart?.(entry.source.file, rotated ? 'rotated' : 'truncated');
    }
    entry.ino = info.ino;
    const whole = FORMAT_READERS[entry.source.format].mode === 'whole';
    const changed = whole ? info.mtimeMs !== entry.mtimeMs : info.size > entry.position.offset;
    if (!changed) return;
    entry.mtimeMs = info.mtimeMs;
    entry.source = { ...entry.source, size: info.size, mtimeMs: info.mtimeMs };
    try {
      const result = await readLogFile(entry.source, {
        from: entry.position,
        ...(entry.firstReadMaxBytes === undefined ? {} : { maxBytes: entry.firstReadMaxBytes }),
        onEvent: (event) => this.options.onEvent(event, { backfill: false }),
      });
      entry.firstReadMaxBytes = undefined;
      entry.position = result.position;
      this.options.onRead?.(entry.source.file, result);
      this.markDirty();
    } catch (error) {
      this.options.onError?.(entry.source.file, error);
    }
  }

  /** Watches every existing log root; roots that appear later are added on the next rescan. */
  private async watchRoots(): Promise<void> {
    if (this.stopped) return;
    const listed = await logRoots(this.options.scope);
    // stop() may have closed the watcher while the roots were listed: adding to a closed chokidar
    // watcher opens it again (and a root deleted meanwhile makes it watch the parents up to /tmp),
    // which kept a stopped `tether serve` alive.
    if (this.stopped) return;
    const roots = listed.filter((root) => !this.watchedRoots.has(root) && existsSync(root));
    if (roots.length === 0) return;
    for (const root of roots) this.watchedRoots.add(root);
    if (this.watcher) {
      this.watcher.add(roots);
      return;
    }
    const windowMs = this.options.windowMs;
    this.watcher = watch(roots, {
      ignoreInitial: true,
      depth: LOG_ROOT_DEPTH,
      // Files older than the window are not tracked by the watcher either (huge folders stay cheap).
      ignored: (_file, stats) =>
        windowMs !== undefined && stats?.isFile() === true && stats.mtimeMs < Date.now() - windowMs,
    });
    const onFile = (file: string): void => {
      const entry = this.tracked.get(file);
      if (!entry) return this.scheduleRescan();
      void this.readSerial(entry);
      // chokidar drops a file's change events that come within 50 ms of the one it delivered (clients
      // write in bursts): one more look after that window catches the burst's last write. Re-armed on
      // every delivered event: a check left over from the previous event can fire inside this
      // event's window, and a write later in the window was then seen only by the next poll (2 s).
      clearTimeout(entry.trailingCheck);
      entry.trailingCheck = setTimeout(() => {
        entry.trailingCheck = undefined;
        if (!this.stopped) void this.readSerial(entry);
      }, CHOKIDAR_CHANGE_THROTTLE_MS + 10);
    };
    const watcher = this.watcher;
    this.watchReady = new Promise((resolve) => watcher.once('ready', () => resolve()));
    this.watcher.on('add', onFile).on('change', onFile);
    this.watcher.on('error', (error) => this.options.onError?.('(watch)', error));
  }

  /** New files come in bursts (a client starting several servers): one rescan per burst. */
  private scheduleRescan(): void {
    if (this.rescanTimer || this.stopped) return;
    this.rescanTimer = setTimeout(() => {
      this.rescanTimer = undefined;
      this.rescanAndRead().catch((error: unknown) => this.options.onError?.('(rescan)', error));
    }, 50);
  }

  private markDirty(): void {
    if (this.saveTimer || this.stopped || !this.options.stateFile) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      void this.saveState();
    }, this.options.saveEveryMs ?? 1000);
  }

  private async loadState(): Promise<SavedState> {
    if (!this.options.stateFile) return {};
    try {
      return JSON.parse(await readFile(this.options.stateFile, 'utf8')) as SavedState;
    } catch {
      return {};
    }
  }

  /** Writes are chained so two saves never share the temp file. */
  private saveState(): Promise<void> {
    this.saving = this.saving
      .then(() => this.writeState())
      .catch((error: unknown) => this.options.onError?.(this.options.stateFile ?? '(state)', error));
    return this.saving;
  }

  private async writeState(): Promise<void> {
    const file = this.options.stateFile;
    if (!file) return;
    const state: SavedState = Object.fromEntries(this.dormant);
    for (const [name, entry] of this.tracked)
      state[name] = { position: entry.position, ino: entry.ino, mtimeMs: entry.mtimeMs };
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(state), { mode: 0o600 });
    await rename(temp, file);
  }
}

async function endPosition(source: LogSource, budget: { bytes: number }): Promise<ReadPosition> {
  if (FORMAT_READERS[source.format].mode === 'whole') {
    const result = await readLogFile(source, { onEvent: () => undefined });
    return result.position;
  }
  // Line numbers stay right for evidence while the start-up budget lasts (newest files first); past
  // it, lines are numbered from this point (0 = unknown start) so starting stays quick.
  if (source.size > budget.bytes) return { offset: source.size, line: 0, entries: 0 };
  budget.bytes -= source.size;
  return { offset: source.size, line: await countLines(source.file, source.size), entries: 0 };
}

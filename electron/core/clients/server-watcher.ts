import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { ConfigProblem, Discovery, ServerChange, ServerRecord } from '../../../shared/server-model.js';
import type { ClientPathEnv } from './client-paths.js';
import { discoverDetailed } from './discover.js';
import { applyPrecedence } from './precedence.js';
import { diffServers } from './server-diff.js';
import { planWatch } from './watch-roots.js';

/** What one refresh found: the changes since the last one and the files that cannot be read right now. */
export type ServerUpdate = { changes: ServerChange[]; problems: ConfigProblem[]; discovery: Discovery };

/** Where the ServerWatcher looks, how it paces re-reads, and whom it tells. */
export type ServerWatcherOptions = {
  pathEnv: ClientPathEnv;
  /** Extra project folders to follow besides Claude Code's known projects. */
  projectDirs?: readonly string[];
  /** Quiet time after the last file event before discovery runs again (default 150 ms). */
  debounceMs?: number;
  /** A file that keeps changing is still re-read at least this often (default 1 s). */
  maxWaitMs?: number;
  /** A file that did not parse (caught mid-write) is read again after this long (default 300 ms). */
  retryMs?: number;
  /** Discovery also runs this often whatever the events say, in case one was missed (default 60 s; 0: never). */
  rescanMs?: number;
  /** Called when servers were added, changed or removed, or the set of unreadable files changed. */
  onUpdate: (update: ServerUpdate) => void;
  onError?: (error: unknown) => void;
};

const RETRIES_PER_PROBLEM = 3;
/**
 * chokidar drops a file's `change` events for 50 ms after one it delivered, with no trailing event;
 * a refresh this long after each event reads whatever such a swallowed write left.
 */
const AFTER_THROTTLE_MS = 70;

/**
 * Keeps the list of every client's MCP servers current as their config files change.
 *
 * Folders are watched, not files (see `planWatch`), so files that appear, vanish, are replaced by
 * rename, or live in folders created later are all noticed. Events are debounced, and each refresh is a
 * discovery pass (cheap when `~/.claude.json` did not change: its bytes and parse are cached), diffed
 * by identity against the last list. A file that does not parse, typically caught mid-write, keeps its
 * last good servers and is reported as a problem until it parses again.
 */
export class ServerWatcher {
  private current: Discovery = { servers: [], problems: [] };
  private projects: string[] = [];
  private files = new Set<string>();
  private pending = new Set<string>();
  private roots = new Set<string>();
  private watcher: FSWatcher | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private trailing: NodeJS.Timeout | undefined;
  private firstEventAt: number | undefined;
  private retry: NodeJS.Timeout | undefined;
  private retries = 0;
  private rescan: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(private readonly options: ServerWatcherOptions) {}

  /** Runs the first discovery and starts watching; resolves once the watcher is ready. */
  async start(): Promise<void> {
    await this.refreshNow();
    // Created with the first plan's folders so that `ready` means they are all watched.
    const watcher = watch([...this.roots], { ignoreInitial: true, depth: 0 });
    this.watcher = watcher;
    watcher.on('all', (event, file) => this.onFileEvent(event, file));
    watcher.on('error', (error) => this.options.onError?.(error));
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
    // Anything that changed while the watch was being set up.
    await this.refreshNow();
    const every = this.options.rescanMs ?? 60_000;
    if (every > 0) {
      this.rescan = setInterval(() => this.requestRefresh(), every);
      this.rescan.unref();
    }
  }

  /** The servers and problems as of the last refresh. */
  snapshot(): Discovery {
    return this.current;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.debounce);
    clearTimeout(this.trailing);
    clearTimeout(this.retry);
    clearInterval(this.rescan);
    await this.running;
    await this.watcher?.close();
  }

  private onFileEvent(event: string, file: string): void {
    const interesting =
      this.files.has(file) || ((event === 'addDir' || event === 'unlinkDir') && this.pending.has(file));
    if (!interesting) return;
    this.requestRefresh();
    clearTimeout(this.trailing);
    this.trailing = setTimeout(() => this.requestRefresh(), AFTER_THROTTLE_MS);
    this.trailing.unref();
  }

  /** Debounced, but never postponed past `maxWaitMs` by a file that keeps changing. */
  private requestRefresh(): void {
    if (this.stopped) return;
    const now = Date.now();
    this.firstEventAt ??= now;
    const wait = Math.min(
      this.options.debounceMs ?? 150,
      Math.max(0, this.firstEventAt + (this.options.maxWaitMs ?? 1000) - now),
    );
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.firstEventAt = undefined;
      void this.refreshNow();
    }, wait);
  }

  /** Reads the config files again now (after Tether itself wrote one), without waiting for the watch. */
  async rereadNow(): Promise<void> {
    await this.refreshNow();
    if (this.running) await this.running;
  }

  /** One refresh at a time; a request during one runs once more after it. */
  private async refreshNow(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.refresh();
        } catch (error) {
          this.options.onError?.(error);
        }
      } while (this.again && !this.stopped);
    })();
    try {
      await this.running;
    } finally {
      this.running = undefined;
    }
  }

  private async refresh(): Promise<void> {
    let detailed = await discoverDetailed(this.options.pathEnv, { projectDirs: this.options.projectDirs });
    const claudeJson = detailed.claudeJson;
    const claudeBroken = detailed.discovery.problems.some((problem) => problem.configPath === claudeJson);
    // While ~/.claude.json cannot be read, its project list is unknown: keep following the last one.
    if (claudeBroken && this.projects.length > 0) {
      detailed = await discoverDetailed(this.options.pathEnv, {
        projectDirs: [...(this.options.projectDirs ?? []), ...this.projects],
      });
    } else {
      this.projects = detailed.projects;
    }
    if (this.stopped) return;
    const { discovery } = detailed;
    const broken = new Set(discovery.problems.map((problem) => problem.configPath));
    // A file that does not parse keeps its last good servers until it parses again.
    const kept = this.current.servers.filter((server) => broken.has(server.configPath));
    const servers: ServerRecord[] =
      kept.length === 0
        ? discovery.servers
        : applyPrecedence([
            ...discovery.servers.filter((server) => !broken.has(server.configPath)),
            ...kept.map((server) => ({ ...server, effective: true })),
          ]);
    const next: Discovery = { servers, problems: discovery.problems };
    this.updateWatch(detailed.configPaths);
    const changes = diffServers(this.current.servers, next.servers);
    const problemsChanged = JSON.stringify(this.current.problems) !== JSON.stringify(next.problems);
    this.current = next;
    if (changes.length > 0 || problemsChanged) {
      this.options.onUpdate({ changes, problems: next.problems, discovery: next });
    }
    this.scheduleRetry(next.problems.length > 0);
  }

  /** A file caught mid-write usually parses a moment later, with or without another event. */
  private scheduleRetry(hasProblems: boolean): void {
    clearTimeout(this.retry);
    if (!hasProblems) {
      this.retries = 0;
      return;
    }
    if (this.retries >= RETRIES_PER_PROBLEM || this.stopped) return;
    this.retries++;
    this.retry = setTimeout(() => this.requestRefresh(), this.options.retryMs ?? 300);
    this.retry.unref();
  }

  private updateWatch(configPaths: readonly string[]): void {
    this.files = new Set(configPaths.map((file) => path.resolve(file)));
    const plan = planWatch(this.files);
    this.pending = plan.pending;
    // A closed chokidar watcher opens again on add(): never touch it once stop() began.
    if (this.watcher && !this.stopped) {
      const added = [...plan.roots].filter((root) => !this.roots.has(root));
      const removed = [...this.roots].filter((root) => !plan.roots.has(root));
      // A file written between this pass's reads and the new folders' watch going live: read again.
      if (added.length > 0) {
        this.watcher.add(added);
        this.requestRefresh();
      }
      if (removed.length > 0) this.watcher.unwatch(removed);
    }
    this.roots = plan.roots;
  }
}

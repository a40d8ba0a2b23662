import type { LogClient, LogEvent } from '../../../shared/log-events.js';
import type { PathEnv } from '../paths.js';
import { discoverClaudeCodeLogs } from './claude-code-sources.js';
import { discoverClaudeDesktopLogs } from './claude-desktop-sources.js';
import { discoverCursorLogs } from './cursor-sources.js';
import { discoverProxyJournals } from './journal-sources.js';
import type { LogProblem, LogSource, LogDiscovery } from './log-source.js';
import { readLogFile } from './read-log-file.js';

export type LogScope = {
  pathEnv: PathEnv;
  /** Tether's data folder (proxy journals). */
  dataDir: string;
  clients?: readonly LogClient[];
  /** Only files modified since, and only events at or after, this time (epoch ms). */
  sinceMs?: number;
  /** Only this server name (any client). */
  serverName?: string;
  /** Newest files first, at most this many (default 2000). */
  maxFiles?: number;
  /** Per file, read at most this many bytes from its end (default 256 MiB). */
  maxBytesPerFile?: number;
};

/** Evidence the window left out: files last written before it, and older events in the files read. */
export type HiddenEvidence = {
  /** Log files of the chosen clients (and server) last written before the window. */
  files: number;
  /** When the newest of them was last written (epoch ms). */
  newestMs?: number;
  /** Events older than the window inside the files that were read. */
  events: number;
  /** The newest of those events (epoch ms). */
  newestEventMs?: number;
};

export type ScanSummary = {
  sources: LogSource[];
  problems: LogProblem[];
  events: number;
  malformed: number;
  /** What the window (`sinceMs`) left out, so a command can say so and how to widen it. */
  hidden: HiddenEvidence;
};

export const DEFAULT_MAX_FILES = 2000;
export const DEFAULT_MAX_BYTES_PER_FILE = 256 * 1024 * 1024;

/**
 * Finds every log file of the chosen clients within the window, newest first, capped at `maxFiles`.
 *
 * Missing folders are normal; unreadable ones come back as problems, never as exceptions.
 */
export async function discoverLogSources(scope: LogScope): Promise<LogDiscovery & { outside: LogSource[] }> {
  const wanted = new Set<LogClient>(scope.clients ?? ['claude-code', 'claude-desktop', 'cursor', 'tether']);
  // Every file is listed (a stat each), so the files the window leaves out can be counted.
  const found = await Promise.all([
    wanted.has('claude-code') ? discoverClaudeCodeLogs(scope.pathEnv) : empty(),
    wanted.has('claude-desktop') ? discoverClaudeDesktopLogs(scope.pathEnv) : empty(),
    wanted.has('cursor') ? discoverCursorLogs(scope.pathEnv) : empty(),
    wanted.has('tether') ? discoverProxyJournals(scope.dataDir) : empty(),
  ]);
  const matching = found
    .flatMap((result) => result.sources)
    .filter((source) => !scope.serverName || source.multiServer || source.server.name === scope.serverName)
    .sort((a, b) => b.mtimeMs - a.mtimeMs);
  const inWindow = (source: LogSource): boolean =>
    scope.sinceMs === undefined || source.mtimeMs >= scope.sinceMs;
  return {
    sources: matching.filter(inWindow).slice(0, scope.maxFiles ?? DEFAULT_MAX_FILES),
    problems: found.flatMap((result) => result.problems),
    outside: matching.filter((source) => !inWindow(source)),
  };
}

/**
 * Streams the events of every discovered file to `onEvent`, oldest file first so each server's story
 * unfolds in order; within a file, events come in file order. Nothing is kept in memory here.
 */
export async function scanLogs(scope: LogScope, onEvent: (event: LogEvent) => void): Promise<ScanSummary> {
  const { sources, problems, outside } = await discoverLogSources(scope);
  let events = 0;
  let malformed = 0;
  let olderEvents = 0;
  let newestOlder = '';
  const sinceIso = scope.sinceMs === undefined ? undefined : new Date(scope.sinceMs).toISOString();
  const accept = (event: LogEvent): void => {
    if (sinceIso !== undefined && event.time < sinceIso) {
      if (!scope.serverName || event.server.name === scope.serverName) {
        olderEvents++;
        if (event.time > newestOlder) newestOlder = event.time;
      }
      return;
    }
    if (scope.serverName && event.server.name !== scope.serverName) return;
    events++;
    onEvent(event);
  };
  for (const source of [...sources].reverse()) {
    try {
      const result = await readLogFile(source, {
        maxBytes: scope.maxBytesPerFile ?? DEFAULT_MAX_BYTES_PER_FILE,
        includePartial: true,
        onEvent: accept,
      });
      malformed += result.malformed;
    } catch (error) {
      problems.push({
        path: source.file,
        code: (error as NodeJS.ErrnoException).code ?? 'EREAD',
        message: String(error),
      });
    }
  }
  const hidden: HiddenEvidence = {
    // A file holding several servers (Desktop's mcp.log) may not hold the one asked for: not counted.
    files: outside.filter((source) => !scope.serverName || !source.multiServer).length,
    events: olderEvents,
  };
  const newest = outside.find((source) => !scope.serverName || !source.multiServer);
  if (newest) hidden.newestMs = newest.mtimeMs;
  if (newestOlder) hidden.newestEventMs = Date.parse(newestOlder);
  return { sources, problems, events, malformed, hidden };
}

async function empty(): Promise<LogDiscovery> {
  return { sources: [], problems: [] };
}

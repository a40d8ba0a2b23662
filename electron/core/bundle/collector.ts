import type { Logger } from '../logger.js';
import type { PathEnv } from '../paths.js';

/** One file for the archive: a path inside the bundle and its (not yet redacted) text. */
export type BundleFile = { path: string; content: string };

/** How much of the recent past a bundle takes: a 100 GB log folder must not end up in it. */
export type BundleWindow = {
  /** Files not modified for longer than this are left out. */
  maxAgeMs: number;
  /** Only the last bytes of a longer file are kept (its most recent lines). */
  maxBytesPerFile: number;
  /** Newest files first, at most this many per collector. */
  maxFilesPerCollector: number;
  /** Directory entries looked at per collector before giving up the walk. */
  maxEntriesScanned: number;
};

export const DEFAULT_WINDOW: BundleWindow = {
  maxAgeMs: 7 * 24 * 3600 * 1000,
  maxBytesPerFile: 2 * 1024 * 1024,
  maxFilesPerCollector: 50,
  maxEntriesScanned: 20_000,
};

/** What every collector gets: where things live, the window, a clock and a logger. */
export type CollectorContext = {
  pathEnv: PathEnv;
  dataDir: string;
  window: BundleWindow;
  now: number;
  logger: Logger;
};

/**
 * A source of bundle files. Each source (system info, doctor runs, journals, client logs, discovery,
 * timelines, findings) is one collector, so a new source plugs in without touching the others.
 * Collectors return raw content: the bundle redacts everything in one pass, so a collector cannot
 * forget to.
 */
export type Collector = {
  name: string;
  collect(context: CollectorContext): Promise<BundleFile[]>;
};

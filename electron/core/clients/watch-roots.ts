import { statSync } from 'node:fs';
import path from 'node:path';

/** The folders to watch (depth 0) so that every file of `files` is noticed, including ones not there yet. */
export type WatchPlan = {
  /** Existing folders: each file's own folder, or its nearest existing ancestor when that is missing. */
  roots: Set<string>;
  /** Missing folders on the way from a root to a file: their creation means the plan must grow. */
  pending: Set<string>;
};

/**
 * Plans a watch of files by their folders rather than the files themselves: a file replaced by rename
 * (Claude Code's atomic write) is a new inode that a watch on the old one would miss, and a file or
 * folder that does not exist yet cannot be watched at all; its nearest existing ancestor can.
 */
export function planWatch(files: Iterable<string>): WatchPlan {
  const roots = new Set<string>();
  const pending = new Set<string>();
  const known = new Map<string, boolean>();
  const isDir = (dir: string): boolean => {
    let found = known.get(dir);
    if (found === undefined) {
      try {
        found = statSync(dir).isDirectory();
      } catch {
        found = false;
      }
      known.set(dir, found);
    }
    return found;
  };
  for (const file of files) {
    let dir = path.dirname(file);
    while (!isDir(dir)) {
      pending.add(dir);
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    roots.add(dir);
  }
  return { roots, pending };
}

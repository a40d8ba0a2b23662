import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { BundleWindow } from './collector.js';

export type RecentFile = { file: string; relative: string; mtimeMs: number; size: number };

/**
 * The newest matching files under `root` inside the window, found by walking with a bounded number of
 * directory entries (stat only; nothing is read here).
 */
export async function findRecentFiles(
  root: string,
  match: (relative: string) => boolean,
  window: BundleWindow,
  now: number,
  maxDepth = 6,
): Promise<RecentFile[]> {
  const found: RecentFile[] = [];
  let scanned = 0;
  const walk = async (dir: string, depth: number): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (++scanned > window.maxEntriesScanned) return;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (depth < maxDepth) await walk(full, depth + 1);
        continue;
      }
      const relative = path.relative(root, full);
      if (!entry.isFile() || !match(relative)) continue;
      const info = await stat(full).catch(() => undefined);
      if (info && now - info.mtimeMs <= window.maxAgeMs)
        found.push({ file: full, relative, mtimeMs: info.mtimeMs, size: info.size });
    }
  };
  await walk(root, 0);
  return found.sort((a, b) => b.mtimeMs - a.mtimeMs).slice(0, window.maxFilesPerCollector);
}

/**
 * The last `maxBytes` of a file, starting at a line boundary, with a note saying how much was left
 * out. Reads only that tail, so a 50 GB log costs 2 MB.
 */
export async function readTail(file: string, size: number, maxBytes: number): Promise<string> {
  const start = Math.max(0, size - maxBytes);
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(size - start);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
    let text = buffer.subarray(0, bytesRead).toString('utf8');
    if (start > 0) {
      const newline = text.indexOf('\n');
      text = `[tether bundle: first ${start + newline + 1} bytes omitted]\n${newline === -1 ? '' : text.slice(newline + 1)}`;
    }
    return text;
  } finally {
    await handle.close();
  }
}

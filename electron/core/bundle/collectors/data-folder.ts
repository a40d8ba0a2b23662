import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Collector } from '../collector.js';
import { findRecentFiles, readTail } from '../recent-files.js';

/** Doctor reports (`<dataDir>/doctor/*.json`), newest first within the window. */
export const doctorResultsCollector: Collector = {
  name: 'doctor',
  async collect({ dataDir, window, now }) {
    const root = path.join(dataDir, 'doctor');
    const files = await findRecentFiles(root, (relative) => relative.endsWith('.json'), window, now, 0);
    return Promise.all(
      files.map(async (file) => ({
        path: `doctor/${file.relative}`,
        content: await readFile(file.file, 'utf8'),
      })),
    );
  },
};

/** Proxy journals (`<dataDir>/proxies/<server-key>/journal.jsonl` and rotated `.1`), tails only. */
export const proxyJournalsCollector: Collector = {
  name: 'journals',
  async collect({ dataDir, window, now }) {
    const root = path.join(dataDir, 'proxies');
    const files = await findRecentFiles(
      root,
      (relative) => /journal\.jsonl(\.\d+)?$/.test(relative),
      window,
      now,
      1,
    );
    return Promise.all(
      files.map(async (file) => ({
        path: `journals/${file.relative.split(path.sep).join('/')}`,
        content: await readTail(file.file, file.size, window.maxBytesPerFile),
      })),
    );
  },
};

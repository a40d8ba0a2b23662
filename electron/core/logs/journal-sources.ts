import { stat } from 'node:fs/promises';
import path from 'node:path';
import { JOURNAL_FILE_NAME, PROXIES_DIR_NAME } from '../../../shared/control-protocol.js';
import { listDir } from './claude-code-sources.js';
import { isMissing, problemOf, type DiscoverOptions, type LogProblem, type LogSource } from './log-source.js';

/** Lists Tether's proxy journals: `<dataDir>/proxies/<key>/journal.jsonl` and its rotated `.1`. */
export async function discoverProxyJournals(
  dataDir: string,
  options: DiscoverOptions = {},
): Promise<{ sources: LogSource[]; problems: LogProblem[] }> {
  const problems: LogProblem[] = [];
  const sources: LogSource[] = [];
  const root = path.join(dataDir, PROXIES_DIR_NAME);
  for (const key of await listDir(root, problems)) {
    for (const name of [`${JOURNAL_FILE_NAME}.1`, JOURNAL_FILE_NAME]) {
      const file = path.join(root, key, name);
      try {
        const info = await stat(file);
        if (options.sinceMs !== undefined && info.mtimeMs < options.sinceMs) continue;
        sources.push({
          file,
          format: 'tether-journal',
          server: { client: 'tether', scope: 'proxy', name: key },
          size: info.size,
          mtimeMs: info.mtimeMs,
        });
      } catch (error) {
        if (!isMissing(error)) problems.push(problemOf(file, error));
      }
    }
  }
  return { sources, problems };
}

import path from 'node:path';
import { JOURNAL_FILE_NAME, PROXIES_DIR_NAME } from '../../../shared/control-protocol.js';
import { listDir, statLogFile } from './log-files.js';
import type { DiscoverOptions, LogProblem, LogSource, LogDiscovery } from './log-source.js';

/** Lists Tether's proxy journals: `<dataDir>/proxies/<key>/journal.jsonl` and its rotated `.1`. */
export async function discoverProxyJournals(
  dataDir: string,
  options: DiscoverOptions = {},
): Promise<LogDiscovery> {
  const problems: LogProblem[] = [];
  const sources: LogSource[] = [];
  const root = path.join(dataDir, PROXIES_DIR_NAME);
  for (const key of await listDir(root, problems)) {
    for (const name of [`${JOURNAL_FILE_NAME}.1`, JOURNAL_FILE_NAME]) {
      const file = path.join(root, key, name);
      const info = await statLogFile(file, options, problems);
      if (!info) continue;
      sources.push({
        file,
        format: 'tether-journal',
        server: { client: 'tether', scope: 'proxy', name: key },
        ...info,
      });
    }
  }
  return { sources, problems };
}

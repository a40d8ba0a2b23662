import path from 'node:path';
import {
  CACHE_FILE_NAME,
  JOURNAL_FILE_NAME,
  PROXIES_DIR_NAME,
  serverKey,
} from '../../shared/control-protocol-constants.js';

/**
 * Where the service listens for proxies: `<dataDir>/control.sock` on POSIX.
 *
 * Windows has no Unix sockets in the data folder, so it uses a named pipe whose name is derived from
 * the data folder (one per user and per TETHER_HOME, so tests with a temp home never meet the real one).
 */
export function controlSocketPath(dataDir: string, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') {
    // Loaded here, not at the top: a proxy on POSIX never needs `node:crypto` (~1 MB of RSS).
    const { createHash } = process.getBuiltinModule('node:crypto');
    const digest = createHash('sha256').update(dataDir.toLowerCase()).digest('hex').slice(0, 16);
    return `\\\\.\\pipe\\tether-control-${digest}`;
  }
  return path.join(dataDir, 'control.sock');
}

/** The folder of one proxied server: journal and cache. */
export function proxyServerDir(dataDir: string, serverName: string): string {
  return path.join(dataDir, PROXIES_DIR_NAME, serverKey(serverName));
}

/** `<dataDir>/proxies/<server-key>/journal.jsonl` (rotated to `.1`). */
export function proxyJournalPath(dataDir: string, serverName: string): string {
  return path.join(proxyServerDir(dataDir, serverName), JOURNAL_FILE_NAME);
}

/** `<dataDir>/proxies/<server-key>/cache.json`. */
export function proxyCachePath(dataDir: string, serverName: string): string {
  return path.join(proxyServerDir(dataDir, serverName), CACHE_FILE_NAME);
}

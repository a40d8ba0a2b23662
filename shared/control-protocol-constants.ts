/**
 * The zod-free part of the control protocol (shared/control-protocol.ts), so the proxy's hot start
 * path can use the names and paths without loading the schemas.
 */
export const CONTROL_PROTOCOL_VERSION = 1;

/** Journal file name inside `<dataDir>/proxies/<server-key>/`; rotated to `journal.jsonl.1`. */
export const JOURNAL_FILE_NAME = 'journal.jsonl';
/** Rotation threshold of the journal; one rotated generation is kept, so at most ~2× this on disk. */
export const JOURNAL_MAX_BYTES = 1024 * 1024;
/** Cache file name inside `<dataDir>/proxies/<server-key>/`. */
export const CACHE_FILE_NAME = 'cache.json';
/** The folder under the data folder that holds one subfolder per proxied server. */
export const PROXIES_DIR_NAME = 'proxies';

/**
 * The directory name for a server: its name made filesystem-safe.
 *
 * Lower-case, `[a-z0-9._-]` only, at most 64 chars; anything else becomes `-`. Two proxies with the
 * same `--name` share a folder on purpose (same server, e.g. spawned by two clients).
 */
export function serverKey(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '')
    .slice(0, 64);
  return cleaned.length > 0 ? cleaned : 'server';
}

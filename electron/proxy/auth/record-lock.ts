import lockfile from 'proper-lockfile';
import {
  authRecordPath,
  emptyAuthRecord,
  ensureAuthFolder,
  readAuthRecord,
  writeAuthRecord,
} from './auth-record.js';
import type { AuthRecord } from './auth-record.js';

/**
 * Cross-process lock around one server's auth record.
 *
 * Every process that may refresh, log in or log out takes this lock, then re-reads the record. Without
 * it two proxies holding the same rotating refresh token both present it; the second gets
 * `invalid_grant` and the user is sent back to the browser (proxy-spec §10).
 */
export type RecordLockOptions = {
  dataDir: string;
  serverKey: string;
  /** Give up waiting for the lock after this long; a refresh is a few seconds at most. */
  waitMs?: number;
};

/** A lock held longer than this without being refreshed belongs to a dead process. */
const STALE_MS = 20_000;

/**
 * Runs `fn` holding the server's lock, with the record as it is on disk right now.
 *
 * `fn` returns the record to write (or `undefined` to leave the file alone) and a result.
 */
export async function withRecordLock<T>(
  options: RecordLockOptions,
  fn: (record: AuthRecord | undefined) => Promise<{ write?: AuthRecord; result: T }>,
): Promise<T> {
  const { dataDir, serverKey } = options;
  await ensureAuthFolder(dataDir);
  const file = authRecordPath(dataDir, serverKey);
  const waitMs = options.waitMs ?? 30_000;
  const release = await lockfile.lock(file, {
    // The record may not exist yet; lock its path, not its resolved target.
    realpath: false,
    stale: STALE_MS,
    update: STALE_MS / 4,
    retries: { retries: Math.max(1, Math.ceil(waitMs / 100)), minTimeout: 25, maxTimeout: 100, factor: 1.3 },
    // A compromised lock (we were too slow to refresh its mtime) must not crash the proxy.
    onCompromised: () => undefined,
  });
  try {
    const outcome = await fn(await readAuthRecord(file));
    if (outcome.write) await writeAuthRecord(dataDir, outcome.write);
    return outcome.result;
  } finally {
    await release().catch(() => undefined);
  }
}

/** Applies `change` to the record under the lock, creating it for `serverUrl` when missing. */
export async function updateRecord(
  options: RecordLockOptions & { serverUrl: string },
  change: (record: AuthRecord) => Partial<AuthRecord>,
): Promise<AuthRecord> {
  return withRecordLock(options, async (current) => {
    const base = current ?? emptyAuthRecord(options.serverKey, options.serverUrl);
    const next = {
      ...base,
      ...change(base),
      generation: base.generation + 1,
      updatedAt: new Date().toISOString(),
    };
    return { write: next, result: next };
  });
}

/**
 * Binds the record to `serverUrl` (so `tether auth NAME` can sign in without being told it). A new
 * URL starts over: the old server's tokens, discovery and client registration must never be sent to
 * another server.
 */
export function rememberServerUrl(options: RecordLockOptions & { serverUrl: string }): Promise<AuthRecord> {
  return updateRecord(options, (record) =>
    record.serverUrl === options.serverUrl
      ? {}
      : {
          serverUrl: options.serverUrl,
          tokens: undefined,
          expiresAt: undefined,
          issuedAt: undefined,
          discovery: undefined,
          clientInformation: undefined,
        },
  );
}

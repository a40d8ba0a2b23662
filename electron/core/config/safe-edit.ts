import { mkdir, open, readFile, realpath, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import type { ClientId } from '../../../shared/server-model.js';
import { isMissing, parseConfigText, type ConfigFormat } from '../clients/config-file.js';
import { recordUndo, sha256, writeBackup, type UndoEntry } from './edit-journal.js';
import { ProtectedKeysChangedError, protectedSnapshot } from './protected-keys.js';

/** One edit of one client file. */
export type SafeEditRequest = {
  client: ClientId;
  configPath: string;
  format: ConfigFormat;
  dataDir: string;
  /** Shown in the undo journal: `wrap svc`, `clean`. */
  reason: string;
  /**
   * Gets the text as re-read under the lock, returns the new text (or `undefined`: nothing to do).
   * Runs under the lock, so it must be quick and pure; it may run more than once.
   */
  transform: (text: string) => string | undefined;
  /** Compute and return the change without writing (no lock, no backup). */
  dryRun?: boolean;
};

export type SafeEditResult = {
  changed: boolean;
  before: string;
  after: string;
  undo?: UndoEntry;
  /** Time spent waiting for the lock vs doing the work, for the benchmarks. */
  lockWaitMs: number;
  workMs: number;
};

/** Another writer kept changing the file while we tried to write it. */
export class ConcurrentWriteError extends Error {
  constructor(readonly path: string) {
    super(`${path}: the file kept changing during the edit; nothing was written`);
    this.name = 'ConcurrentWriteError';
  }
}

/** Claude Code's own global config, whose writers all take `<file>.lock` (a proper-lockfile directory). */
export function isClaudeGlobalConfig(client: ClientId, configPath: string): boolean {
  const base = path.basename(configPath);
  return client === 'claude-code' && (/^\.claude(-[a-z-]+)?\.json$/.test(base) || base === '.config.json');
}

/**
 * The one way Tether writes a client file.
 *
 * 1. Take the client's own lock (`~/.claude.json.lock`, compatible with Claude Code's proper-lockfile
 *    use) or, for clients without one, a lock in Tether's data folder against other Tether processes.
 * 2. Re-read under the lock; refuse a file that does not parse (`ConfigParseError` naming the line).
 * 3. Apply the caller's minimal text edit; the result must parse too.
 * 4. For `~/.claude.json`, prove the auth and account keys byte-identical before and after writing.
 * 5. Back up the old bytes in the data folder, write a temp file with the same mode, fsync, check that
 *    nobody wrote meanwhile (Claude Code writes without the lock when it cannot get it), rename.
 * 6. Read back and verify; record an undo entry.
 */
export async function safeEdit(request: SafeEditRequest): Promise<SafeEditResult> {
  const target = await resolveTarget(request.configPath);
  if (request.dryRun) {
    const started = performance.now();
    const before = await readFile(target, 'utf8');
    parseConfigText(request.configPath, before, request.format);
    const after = request.transform(before) ?? before;
    if (after !== before) parseConfigText(request.configPath, after, request.format);
    return { changed: after !== before, before, after, lockWaitMs: 0, workMs: performance.now() - started };
  }
  const lockStarted = performance.now();
  const release = await acquireLock(request, target);
  const lockWaitMs = performance.now() - lockStarted;
  const started = performance.now();
  try {
    for (let attempt = 0; attempt < 8; attempt++) {
      const result = await editOnce(request, target);
      if (result) return { ...result, lockWaitMs, workMs: performance.now() - started };
    }
    throw new ConcurrentWriteError(request.configPath);
  } finally {
    await release().catch(() => undefined);
  }
}

async function editOnce(
  request: SafeEditRequest,
  target: string,
): Promise<Omit<SafeEditResult, 'lockWaitMs' | 'workMs'> | undefined> {
  const { configPath, format } = request;
  // Read and stat through one handle: a rename by another writer between a separate read and stat
  // would pair old bytes with the new file's identity and hide their write from the check below.
  const reading = await open(target, 'r');
  let before: string;
  let seen: Awaited<ReturnType<typeof reading.stat>>;
  try {
    seen = await reading.stat();
    before = await reading.readFile('utf8');
  } finally {
    await reading.close();
  }
  parseConfigText(configPath, before, format);
  const next = request.transform(before);
  if (next === undefined || next === before) return { changed: false, before, after: before };
  // Large strict JSON is edited by replacing whole values with JSON.stringify output, valid by
  // construction; re-parsing 20 MB would double the time the client's lock is held.
  if (next.length < 4 * 1024 * 1024 || format !== 'json') parseConfigText(configPath, next, format);
  const guarded = isClaudeGlobalConfig(request.client, configPath);
  const beforeKeys = guarded ? protectedSnapshot(before) : '';
  if (guarded && protectedSnapshot(next) !== beforeKeys) throw new ProtectedKeysChangedError(configPath);

  const backupPath = await writeBackup(request.dataDir, request.client, configPath, before);
  const temp = `${target}.tether-${process.pid}-${Date.now()}.tmp`;
  const handle = await open(temp, 'wx', seen.mode & 0o777);
  try {
    await handle.writeFile(next, 'utf8');
    await handle.chmod(seen.mode & 0o777); // the umask may have narrowed the create mode
    await handle.sync();
  } finally {
    await handle.close();
  }
  const now = await stat(target).catch(() => undefined);
  if (!now || now.mtimeMs !== seen.mtimeMs || now.size !== seen.size || now.ino !== seen.ino) {
    await rm(temp, { force: true });
    return undefined; // someone wrote meanwhile: start over from their version
  }
  await rename(temp, target);
  const written = await readFile(target, 'utf8');
  if (written !== next) {
    // Another writer replaced the file right after us; their version stands, ours is in no one's way.
    parseConfigText(configPath, written, format);
  }
  if (guarded && protectedSnapshot(written) !== beforeKeys) throw new ProtectedKeysChangedError(configPath);
  const undo = await recordUndo(request.dataDir, {
    client: request.client,
    configPath,
    reason: request.reason,
    backupPath,
    beforeSha256: sha256(before),
    afterSha256: sha256(next),
  });
  return { changed: true, before, after: next, undo };
}

/** Edits go to where a symlink points, as Claude Code's own writer does. */
async function resolveTarget(configPath: string): Promise<string> {
  try {
    return await realpath(configPath);
  } catch (error) {
    if (isMissing(error)) throw Object.assign(new Error(`${configPath}: file not found`), { code: 'ENOENT' });
    throw error;
  }
}

async function acquireLock(request: SafeEditRequest, target: string): Promise<() => Promise<void>> {
  const claude = isClaudeGlobalConfig(request.client, request.configPath);
  const lockfilePath = claude
    ? `${request.configPath}.lock`
    : path.join(request.dataDir, 'locks', `${sha256(target).slice(0, 24)}.lock`);
  if (!claude) {
    await mkdir(path.dirname(lockfilePath), { recursive: true, mode: 0o700 });
  }
  return lockfile.lock(target, {
    lockfilePath,
    realpath: false,
    stale: 10_000,
    retries: { retries: 400, factor: 1.2, minTimeout: 5, maxTimeout: 50, randomize: true },
    onCompromised: () => undefined, // our critical section is far below the 10 s staleness
  });
}

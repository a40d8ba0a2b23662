import { isUtf8 } from 'node:buffer';
import { constants, renameSync, statSync, type Stats } from 'node:fs';
import { access, mkdir, open, readFile, realpath, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import type { ClientId } from '../../../shared/server-model.js';
import { decodeConfigBytes, parseConfigText, type ConfigFormat } from '../clients/config-file.js';
import { isMissing } from '../fs-errors.js';
import { afterState, keepBackup, pruneBackups, recordUndo, sha256, type UndoEntry } from './edit-journal.js';
import { ProtectedKeysChangedError, protectedKeysKept } from './protected-keys.js';
import { asSpliced, type SplicedText } from './text-splice.js';
import { byteOffsetsOf } from './utf8-offsets.js';

/** One edit of one client file. */
export type SafeEditRequest = {
  client: ClientId;
  configPath: string;
  format: ConfigFormat;
  dataDir: string;
  /** Shown in the undo journal: `wrap svc`, `clean`. */
  reason: string;
  /**
   * Gets the text as re-read under the lock, returns the new text (or `undefined`: nothing to do),
   * preferably with the splices that made it (`spliceJsonEdits`), so only those regions are checked and
   * re-encoded. Runs under the lock, so it must be quick and pure; it may run more than once.
   */
  transform: (text: string) => string | SplicedText | undefined;
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

/** The file is read-only: replacing it through a rename would silently override that. */
export class ReadOnlyConfigError extends Error {
  constructor(readonly path: string) {
    super(
      `${path} is read-only (someone protected it on purpose); make it writable (chmod u+w) to let Tether edit it. Nothing was written`,
    );
    this.name = 'ReadOnlyConfigError';
  }
}

/**
 * Refuses a file its owner cannot write. Tether writes through a temp file and a rename, which the
 * folder's permissions allow even for a read-only file (and root passes every access check), so the
 * mode bits are checked here: a read-only config is a decision, not an obstacle.
 */
async function assertWritable(configPath: string, target: string, mode: number): Promise<void> {
  if ((mode & 0o200) === 0) throw new ReadOnlyConfigError(configPath);
  try {
    await access(target, constants.W_OK);
  } catch {
    throw new ReadOnlyConfigError(configPath);
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
    await assertWritable(request.configPath, target, (await stat(target)).mode);
    const before = await readFile(target, 'utf8');
    parseConfigText(request.configPath, before, request.format);
    const result = request.transform(before);
    const after = result === undefined ? before : typeof result === 'string' ? result : result.text;
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
    await pruneBackups(request.dataDir, request.client, request.configPath).catch(() => undefined);
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
  let bytes: Buffer;
  let seen: Awaited<ReturnType<typeof reading.stat>>;
  try {
    seen = await reading.stat();
    bytes = await reading.readFile();
  } finally {
    await reading.close();
  }
  await assertWritable(configPath, target, seen.mode);
  const before = decodeConfigBytes(configPath, bytes);
  parseConfigText(configPath, before, format);
  const result = request.transform(before);
  if (result === undefined) return { changed: false, before, after: before };
  const edited = asSpliced(before, result);
  const next = edited.text;
  if (next === before) return { changed: false, before, after: before };
  // Large strict JSON is edited by replacing whole values with JSON.stringify output, valid by
  // construction; re-parsing 20 MB would double the time the client's lock is held.
  if (next.length < 4 * 1024 * 1024 || format !== 'json') parseConfigText(configPath, next, format);
  const guarded = isClaudeGlobalConfig(request.client, configPath);
  if (guarded && !protectedKeysKept(before, edited)) throw new ProtectedKeysChangedError(configPath);

  const parts = encodeSpliced(configPath, bytes, before, edited);
  const backupPath = await keepBackup(request.dataDir, request.client, configPath, target, seen.nlink);
  let replaced = false;
  try {
    const temp = `${target}.tether-${process.pid}-${Date.now()}.tmp`;
    const handle = await open(temp, 'wx', seen.mode & 0o777);
    try {
      await handle.writev(parts);
      await handle.chmod(seen.mode & 0o777); // the umask may have narrowed the create mode
      await handle.sync();
    } finally {
      await handle.close();
    }
    // Same inode, size and mtime as the version read: nobody wrote meanwhile, and the backup taken
    // above holds exactly the bytes that were edited. Checked and renamed synchronously, back to back:
    // with two awaited calls the gap was a thread-pool round trip (milliseconds on a busy machine), and
    // a Claude Code write renamed into that gap (its unlocked fallback) was lost under ours.
    if (!unchangedSince(target, seen)) {
      await rm(temp, { force: true });
      return undefined; // someone wrote meanwhile: start over from their version
    }
    renameSync(temp, target);
    replaced = true;
  } finally {
    if (!replaced) await rm(backupPath, { force: true });
  }
  const written = await readFile(target);
  // Byte-equal to what we wrote means it parses and keeps the auth keys, as `next` was proven to.
  if (!sameBytes(written, parts)) {
    // Another writer replaced the file right after us; their version stands, ours is in no one's way.
    const theirs = written.toString('utf8');
    parseConfigText(configPath, theirs, format);
    if (guarded && !protectedKeysKept(before, asSpliced(before, theirs)))
      throw new ProtectedKeysChangedError(configPath);
  }
  const undo = await recordUndo(request.dataDir, {
    client: request.client,
    configPath,
    reason: request.reason,
    backupPath,
    after: afterState(edited),
  });
  return { changed: true, before, after: next, undo };
}

/** The edited part of a file holds bytes that are not UTF-8: they cannot be carried through an edit. */
export class InvalidUtf8EditError extends Error {
  constructor(readonly path: string) {
    super(
      `${path}: the part to edit holds bytes that are not valid UTF-8 (shown as U+FFFD); fix them in an editor first. Nothing was written`,
    );
    this.name = 'InvalidUtf8EditError';
  }
}

/**
 * The UTF-8 bytes of the edited text: the unchanged stretches of the bytes read plus each re-encoded
 * splice, with no 20 MB encode, and every byte outside the edit exactly as it was. In a file that is
 * not valid UTF-8 the same holds: byte offsets come from walking the decoder (utf8-offsets.ts), so
 * invalid bytes elsewhere stay as they are; invalid bytes inside an edited region are refused.
 */
function encodeSpliced(configPath: string, bytes: Buffer, before: string, edited: SplicedText): Buffer[] {
  if (!isUtf8(bytes)) return encodeSplicedInvalid(configPath, bytes, edited);
  const parts: Buffer[] = [];
  let copied = 0;
  let byteAt = 0;
  for (const splice of edited.splices) {
    const keptBytes = Buffer.byteLength(before.slice(copied, splice.start));
    parts.push(bytes.subarray(byteAt, byteAt + keptBytes), Buffer.from(splice.text, 'utf8'));
    byteAt += keptBytes + Buffer.byteLength(before.slice(splice.start, splice.end));
    copied = splice.end;
  }
  parts.push(bytes.subarray(byteAt));
  return parts;
}

function encodeSplicedInvalid(configPath: string, bytes: Buffer, edited: SplicedText): Buffer[] {
  const offsets = byteOffsetsOf(
    bytes,
    edited.splices.flatMap((splice) => [splice.start, splice.end]),
  );
  const parts: Buffer[] = [];
  let byteAt = 0;
  edited.splices.forEach((splice, index) => {
    const start = offsets[index * 2]!;
    const end = offsets[index * 2 + 1]!;
    if (!isUtf8(bytes.subarray(start, end))) throw new InvalidUtf8EditError(configPath);
    parts.push(bytes.subarray(byteAt, start), Buffer.from(splice.text, 'utf8'));
    byteAt = end;
  });
  parts.push(bytes.subarray(byteAt));
  return parts;
}

function unchangedSince(target: string, seen: Stats): boolean {
  try {
    const now = statSync(target);
    return now.mtimeMs === seen.mtimeMs && now.size === seen.size && now.ino === seen.ino;
  } catch {
    return false;
  }
}

function sameBytes(written: Buffer, parts: readonly Buffer[]): boolean {
  if (written.length !== parts.reduce((total, part) => total + part.length, 0)) return false;
  let offset = 0;
  for (const part of parts) {
    if (!written.subarray(offset, offset + part.length).equals(part)) return false;
    offset += part.length;
  }
  return true;
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

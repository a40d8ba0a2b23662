import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { chmod, copyFile, link, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SplicedText } from './text-splice.js';

/**
 * One recorded edit: enough to undo it. `backupPath` holds the file before the edit; `after` describes
 * the text the edit wrote as splices of it, so "is the file still as we left it?" is answered exactly
 * without hashing a 20 MB file during the edit.
 */
export type UndoEntry = {
  id: string;
  at: string;
  client: string;
  configPath: string;
  reason: string;
  backupPath: string;
  after: AfterState;
};

/** The edited text: its length and each splice of the old text (old range, new length, new text's hash). */
export type AfterState = {
  length: number;
  splices: Array<{ start: number; end: number; length: number; sha256: string }>;
};

/** The journal's record of an edited text, enough to tell later whether the file still holds it. */
export function afterState(edited: SplicedText): AfterState {
  return {
    length: edited.text.length,
    splices: edited.splices.map((splice) => ({
      start: splice.start,
      end: splice.end,
      length: splice.text.length,
      sha256: sha256(splice.text),
    })),
  };
}

/** True when `current` is exactly the text `after` describes relative to `before` (the backup's text). */
export function isAfterState(current: string, before: string, after: AfterState): boolean {
  if (current.length !== after.length) return false;
  let copied = 0;
  let at = 0;
  for (const splice of after.splices) {
    const kept = splice.start - copied;
    if (kept < 0 || current.slice(at, at + kept) !== before.slice(copied, splice.start)) return false;
    at += kept;
    if (sha256(current.slice(at, at + splice.length)) !== splice.sha256) return false;
    at += splice.length;
    copied = splice.end;
  }
  return current.length - at === before.length - copied && current.slice(at) === before.slice(copied);
}

/** How many backups of one file are kept; older ones are deleted after each new one. */
export const BACKUPS_KEPT = 20;

/** SHA-256 of text, to recognise a file state later without keeping it in memory. */
export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The folder of one file's backups: readable name plus a hash, so equal basenames never collide. */
function backupDir(dataDir: string, client: string, configPath: string): string {
  return path.join(
    dataDir,
    'backups',
    client,
    `${path.basename(configPath)}-${sha256(configPath).slice(0, 10)}`,
  );
}

/**
 * Keeps the file's current bytes as a timestamped backup and returns its path. A hard link where the
 * file system allows: no copy, and the old inode lives on as the backup once the edit renames the new
 * file over it (so the rename does not free 20 MB either). Otherwise a file copy. Either way the caller
 * proves afterwards that `source` still is the version it read (same inode, size and mtime) before
 * replacing it, so the backup holds exactly the bytes that were edited.
 */
export async function keepBackup(
  dataDir: string,
  client: string,
  configPath: string,
  source: string,
  sourceLinks: number,
): Promise<string> {
  const dir = backupDir(dataDir, client, configPath);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(
    dir,
    `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}-${Math.random().toString(36).slice(2, 8)}.bak`,
  );
  try {
    // Only a file with no other name: a second link the user made could be written in place later.
    if (sourceLinks !== 1) throw new Error('linked elsewhere');
    await link(source, file);
  } catch {
    // Another volume (EXDEV) or a file system without hard links: copy (a reflink where possible).
    await copyFile(source, file, constants.COPYFILE_FICLONE | constants.COPYFILE_EXCL);
    await chmod(file, 0o600);
  }
  return file;
}

/** Deletes all but the newest `BACKUPS_KEPT` backups of one file; run after the edit, outside its lock. */
export async function pruneBackups(dataDir: string, client: string, configPath: string): Promise<void> {
  const dir = backupDir(dataDir, client, configPath);
  const all = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith('.bak')).sort();
  await Promise.all(
    all
      .slice(0, Math.max(0, all.length - BACKUPS_KEPT))
      .map((name) => rm(path.join(dir, name), { force: true })),
  );
}

/** Appends an undo record to the data folder. */
export async function recordUndo(dataDir: string, entry: Omit<UndoEntry, 'id' | 'at'>): Promise<UndoEntry> {
  const at = new Date().toISOString();
  const full: UndoEntry = {
    id: `${at.replace(/[:.]/g, '-')}-${sha256(entry.configPath + Math.random()).slice(0, 8)}`,
    at,
    ...entry,
  };
  const dir = path.join(dataDir, 'undo');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(path.join(dir, `${full.id}.json`), `${JSON.stringify(full, null, 2)}\n`, { mode: 0o600 });
  return full;
}

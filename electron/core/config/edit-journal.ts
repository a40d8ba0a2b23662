import { createHash } from 'node:crypto';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** One recorded edit: enough to undo it (`undoPath` holds this record, `backupPath` the old bytes). */
export type UndoEntry = {
  id: string;
  at: string;
  client: string;
  configPath: string;
  reason: string;
  backupPath: string;
  beforeSha256: string;
  afterSha256: string;
};

/** How many backups of one file are kept; older ones are deleted after each new one. */
export const BACKUPS_KEPT = 20;

/** SHA-256 of text, to recognise a file state later without keeping it in memory. */
export function sha256(text: string): string {
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

/** Writes a timestamped backup (owner-only) and prunes old ones; returns its path. */
export async function writeBackup(
  dataDir: string,
  client: string,
  configPath: string,
  text: string,
): Promise<string> {
  const dir = backupDir(dataDir, client, configPath);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(
    dir,
    `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}-${Math.random().toString(36).slice(2, 8)}.bak`,
  );
  await writeFile(file, text, { mode: 0o600 });
  const all = (await readdir(dir)).filter((name) => name.endsWith('.bak')).sort();
  await Promise.all(
    all
      .slice(0, Math.max(0, all.length - BACKUPS_KEPT))
      .map((name) => rm(path.join(dir, name), { force: true })),
  );
  return file;
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

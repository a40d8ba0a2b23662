import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ClientId } from '../../../shared/server-model.js';
import { isMissing } from '../fs-errors.js';
import { isAfterState, type UndoEntry } from './edit-journal.js';
import { safeEdit, type SafeEditResult } from './safe-edit.js';

/** A recorded edit as listed: the record plus whether it was already undone, and by which undo. */
export type UndoRecord = UndoEntry & { undoneBy?: string };

/** Why an undo was refused; nothing was written. */
export class UndoRefusedError extends Error {
  constructor(
    readonly code: 'nothing_to_undo' | 'unknown_edit' | 'changed_since' | 'backup_missing',
    message: string,
  ) {
    super(message);
    this.name = 'UndoRefusedError';
  }
}

const UNDO_REASON = /^undo (\S+)$/;

/** Every recorded edit, newest first. */
export async function listUndoRecords(dataDir: string): Promise<UndoRecord[]> {
  const dir = path.join(dataDir, 'undo');
  const names = await readdir(dir).catch((error: unknown) => {
    if (isMissing(error)) return [] as string[];
    throw error;
  });
  const records = await Promise.all(
    names
      .filter((name) => name.endsWith('.json'))
      .map(async (name) => JSON.parse(await readFile(path.join(dir, name), 'utf8')) as UndoRecord),
  );
  return records.sort((a, b) => b.at.localeCompare(a.at) || b.id.localeCompare(a.id));
}

/**
 * Undoes one recorded edit: the newest one not yet undone (and not itself an undo), or the one named
 * by `id` (a unique prefix is enough; naming an undo's record redoes what it undid).
 *
 * The file must still be exactly what that edit wrote (checked against the backup and the edit's
 * splices, under the client's lock): if anything changed it since, the undo is refused and nothing is
 * written, because restoring the backup would throw away that later change. The restore is itself an
 * edit through `safeEdit`, with its own backup and undo record.
 */
export async function undoEdit(
  dataDir: string,
  id?: string,
): Promise<{ undone: UndoRecord; edit: SafeEditResult }> {
  const records = await listUndoRecords(dataDir);
  const entry = id === undefined ? lastUndoable(records) : byId(records, id);
  let backup: string;
  try {
    backup = await readFile(entry.backupPath, 'utf8');
  } catch (error) {
    if (!isMissing(error)) throw error;
    throw new UndoRefusedError(
      'backup_missing',
      `the backup of ${entry.reason} (${entry.id}) is gone (only the newest backups are kept); nothing was undone`,
    );
  }
  const edit = await safeEdit({
    client: entry.client as ClientId,
    configPath: entry.configPath,
    format: entry.client === 'codex' ? 'toml' : 'json',
    dataDir,
    reason: `undo ${entry.id}`,
    transform: (current) => {
      if (!isAfterState(current, backup, entry.after)) {
        throw new UndoRefusedError(
          'changed_since',
          `${entry.configPath} changed after ${entry.reason} (${entry.at}); undoing it would lose that change, so nothing was undone`,
        );
      }
      return backup;
    },
  });
  if (edit.undo) {
    await rewriteRecord(dataDir, { ...entry, undoneBy: edit.undo.id });
    // Undoing an undo redoes the original edit: it can be undone again.
    const redone = UNDO_REASON.exec(entry.reason)?.[1];
    const original = records.find((record) => record.id === redone);
    if (original) await rewriteRecord(dataDir, { ...original, undoneBy: undefined });
  }
  return { undone: entry, edit };
}

function lastUndoable(records: readonly UndoRecord[]): UndoRecord {
  const found = records.find((record) => !record.undoneBy && !UNDO_REASON.test(record.reason));
  if (!found) throw new UndoRefusedError('nothing_to_undo', 'no recorded edit left to undo');
  return found;
}

function byId(records: readonly UndoRecord[], id: string): UndoRecord {
  const matches = records.filter((record) => record.id.startsWith(id));
  if (matches.length !== 1) {
    throw new UndoRefusedError(
      'unknown_edit',
      matches.length === 0
        ? `no recorded edit ${id}`
        : `${id} names ${matches.length} edits; give more of the id`,
    );
  }
  return matches[0]!;
}

async function rewriteRecord(dataDir: string, record: UndoRecord): Promise<void> {
  const file = path.join(dataDir, 'undo', `${record.id}.json`);
  await writeFile(file, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
}

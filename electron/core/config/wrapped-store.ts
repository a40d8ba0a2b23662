import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { identityKey, type ServerIdentity } from '../../../shared/server-model.js';
import { sha256 } from './edit-journal.js';

/** What unwrap needs to put an entry back exactly: its value and its exact text (TOML block, or JSON value). */
export type WrappedOriginal = {
  identity: ServerIdentity;
  configPath: string;
  location: string[];
  original: unknown;
  originalText?: string;
  wrappedAt: string;
};

function fileFor(dataDir: string, identity: ServerIdentity, configPath: string): string {
  return path.join(
    dataDir,
    'wrapped',
    `${sha256(`${identityKey(identity)}\n${configPath}`).slice(0, 32)}.json`,
  );
}

/** Stores the original entry in the data folder, keyed by identity and file (owner-only). */
export async function saveOriginal(dataDir: string, record: WrappedOriginal): Promise<void> {
  const file = fileFor(dataDir, record.identity, record.configPath);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
}

/** The stored original of a wrapped entry, if Tether wrapped it on this machine. */
export async function loadOriginal(
  dataDir: string,
  identity: ServerIdentity,
  configPath: string,
): Promise<WrappedOriginal | undefined> {
  try {
    return JSON.parse(await readFile(fileFor(dataDir, identity, configPath), 'utf8')) as WrappedOriginal;
  } catch {
    return undefined;
  }
}

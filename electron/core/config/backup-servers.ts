import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isObject } from '../../../shared/json-object.js';

/** One copy of `~/.claude.json` and the server names it holds (`null`: it does not parse). */
type Entry = { size: number; mtimeMs: number; servers: string[] | null };
type CacheFile = { version: 1; entries: Record<string, Entry> };

/**
 * Server names (user and every project's local servers) of each copy, read once per copy.
 *
 * Claude Code's backups and `.corrupted.*` copies are written once and never changed, and each is as
 * large as `~/.claude.json` itself (20 MB parses in 100+ ms), so what each holds is kept in
 * `<data>/cache/claude-backups.json`, keyed by path, size and mtime: a clean parses only copies it has
 * not seen before.
 */
export async function serversInCopies(
  dataDir: string,
  files: readonly string[],
): Promise<Map<string, string[] | null>> {
  const cacheFile = path.join(dataDir, 'cache', 'claude-backups.json');
  const cache = await readCache(cacheFile);
  const result = new Map<string, string[] | null>();
  const entries: Record<string, Entry> = {};
  let changed = false;
  for (const file of files) {
    const info = await stat(file).catch(() => undefined);
    if (!info) continue;
    const known = cache.entries[file];
    let entry: Entry;
    if (known && known.size === info.size && known.mtimeMs === info.mtimeMs) entry = known;
    else {
      entry = { size: info.size, mtimeMs: info.mtimeMs, servers: serverNames(await readFile(file, 'utf8')) };
      changed = true;
    }
    entries[file] = entry;
    result.set(file, entry.servers);
  }
  if (changed || Object.keys(cache.entries).length !== Object.keys(entries).length) {
    await writeCache(cacheFile, { version: 1, entries }).catch(() => undefined); // a cache: best effort
  }
  return result;
}

function serverNames(text: string): string[] | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null; // a copy that does not parse has nothing that could be restored safely
  }
  const servers = new Set<string>();
  if (isObject(value) && isObject(value['mcpServers']))
    Object.keys(value['mcpServers']).forEach((name) => servers.add(name));
  if (isObject(value) && isObject(value['projects'])) {
    for (const project of Object.values(value['projects']))
      if (isObject(project) && isObject(project['mcpServers']))
        Object.keys(project['mcpServers']).forEach((name) => servers.add(name));
  }
  return [...servers];
}

async function readCache(file: string): Promise<CacheFile> {
  try {
    const value = JSON.parse(await readFile(file, 'utf8')) as CacheFile;
    if (value.version === 1 && isObject(value.entries)) return value;
  } catch {
    // missing or damaged: start over
  }
  return { version: 1, entries: {} };
}

async function writeCache(file: string, cache: CacheFile): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(cache), { mode: 0o600 });
  await rename(temp, file);
}

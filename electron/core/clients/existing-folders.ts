import { stat } from 'node:fs/promises';

/**
 * The folders of `dirs` that exist, checked all at once: a `~/.claude.json` lists a thousand projects,
 * and a thousand awaited stats in a row cost far more than the same stats in flight together.
 */
export async function existingFolders(dirs: readonly string[]): Promise<Set<string>> {
  const found = await Promise.all(
    dirs.map((dir) =>
      stat(dir).then(
        (info) => info.isDirectory(),
        () => false,
      ),
    ),
  );
  return new Set(dirs.filter((_, index) => found[index]));
}

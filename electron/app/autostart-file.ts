import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AUTOSTART_FILE_NAME, autostartEntry } from './model/autostart-entry.js';

/**
 * Writes or removes the XDG autostart entry (Linux start at login). `configHome` is
 * `$XDG_CONFIG_HOME` or `~/.config`. Returns what it did; writes only when the text differs.
 */
export async function syncAutostartFile(
  configHome: string,
  enabled: boolean,
  executable: string,
  args: readonly string[] = [],
): Promise<'written' | 'removed' | 'unchanged'> {
  const file = path.join(configHome, 'autostart', AUTOSTART_FILE_NAME);
  const current = await readFile(file, 'utf8').catch(() => undefined);
  if (!enabled) {
    if (current === undefined) return 'unchanged';
    await rm(file, { force: true });
    return 'removed';
  }
  const wanted = autostartEntry(executable, args);
  if (current === wanted) return 'unchanged';
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, wanted, { mode: 0o644 });
  return 'written';
}

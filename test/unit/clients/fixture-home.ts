import { chmod, cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';
import type { ClientPathEnv } from '../../../electron/core/clients/client-paths.js';

const FIXTURES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'fixtures',
  'clients',
);

/** Copies a fixture home into a temp home, replacing `__HOME__` in `.claude.json` with the real path. */
export async function fixtureHome(
  name: string,
  platform: NodeJS.Platform = 'linux',
): Promise<{ home: TempHome; pathEnv: ClientPathEnv }> {
  const home = await createTempHome();
  await cp(path.join(FIXTURES, name), home.home, { recursive: true });
  const claudeJson = path.join(home.home, '.claude.json');
  await writeFile(claudeJson, (await readFile(claudeJson, 'utf8')).replaceAll('__HOME__', home.home));
  await chmod(claudeJson, 0o600);
  const pathEnv: ClientPathEnv = {
    env: { ...home.env, CURSOR_KEY: 'canary-cursor-key' },
    platform,
    homeDir: home.home,
    systemRoot: path.join(home.home, 'system'),
  };
  return { home, pathEnv };
}

/** The Windows fixture: a copy of a `C:` drive, read through `hostPath` so Windows paths work on any host. */
export const WINDOWS_DRIVE = path.join(FIXTURES, 'windows-drive');

export function windowsHostPath(clientPath: string): string {
  const drive = /^[A-Za-z]:\\/.exec(clientPath);
  if (!drive) return path.join(WINDOWS_DRIVE, 'not-a-windows-path');
  return path.join(WINDOWS_DRIVE, ...clientPath.slice(3).split('\\').filter(Boolean));
}

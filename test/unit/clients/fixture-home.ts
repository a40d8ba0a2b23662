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
export async function fixtureHome(name: string): Promise<{ home: TempHome; pathEnv: ClientPathEnv }> {
  const home = await createTempHome();
  await cp(path.join(FIXTURES, name), home.home, { recursive: true });
  const claudeJson = path.join(home.home, '.claude.json');
  await writeFile(claudeJson, (await readFile(claudeJson, 'utf8')).replaceAll('__HOME__', home.home));
  await chmod(claudeJson, 0o600);
  const pathEnv: ClientPathEnv = {
    env: { ...home.env, CURSOR_KEY: 'canary-cursor-key' },
    platform: 'linux',
    homeDir: home.home,
    systemRoot: path.join(home.home, 'system'),
  };
  return { home, pathEnv };
}

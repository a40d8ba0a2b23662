import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A throwaway home folder with every variable a client or Tether reads pointed inside it, so no test
 * ever touches the real home. Pass `env` to child processes; `dataDir` is Tether's data folder.
 */
export type TempHome = {
  home: string;
  dataDir: string;
  env: Record<string, string>;
  cleanup(): Promise<void>;
};

const INHERITED = ['PATH', 'LANG', 'TERM', 'TMPDIR', 'SystemRoot', 'NODE_OPTIONS'];

export async function createTempHome(prefix = 'tether-home-'): Promise<TempHome> {
  const home = await mkdtemp(path.join(tmpdir(), prefix));
  const dataDir = path.join(home, '.tether-data');
  const env: Record<string, string> = {
    HOME: home,
    USERPROFILE: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_STATE_HOME: path.join(home, '.local', 'state'),
    APPDATA: path.join(home, 'AppData', 'Roaming'),
    LOCALAPPDATA: path.join(home, 'AppData', 'Local'),
    TETHER_HOME: dataDir,
  };
  for (const name of INHERITED) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  await mkdir(env['XDG_CONFIG_HOME']!, { recursive: true });
  return {
    home,
    dataDir,
    env,
    cleanup: () => rm(home, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }),
  };
}

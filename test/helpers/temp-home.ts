import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { controlSocketPath } from '../../electron/core/control-socket-path.js';

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

const DATA_DIR_NAME = '.tether-data';
/** `sockaddr_un.sun_path` is 104 bytes on macOS (108 on Linux), its last byte the terminating NUL. */
const UNIX_SOCKET_PATH_MAX = 103;

/**
 * The folder temp homes go in: `os.tmpdir()`, unless the service's control socket inside a home there
 * (`<home>/.tether-data/control.sock`, placed by the product's own `controlSocketPath`) would be too
 * long to bind. That happens on macOS, whose per-user TMPDIR (`/var/folders/<2>/<30>/T`) alone takes
 * ~50 bytes; there `/tmp` is used (mkdtemp makes each home owner-only). Windows uses named pipes,
 * which have no such limit.
 */
export function tempHomeRoot(
  prefix: string,
  platform: NodeJS.Platform = process.platform,
  base = tmpdir(),
): string {
  const socket = controlSocketPath(path.join(base, `${prefix}XXXXXX`, DATA_DIR_NAME), platform);
  if (platform === 'win32' || Buffer.byteLength(socket) <= UNIX_SOCKET_PATH_MAX) return base;
  return '/tmp';
}

export async function createTempHome(prefix = 'tether-home-'): Promise<TempHome> {
  const home = await mkdtemp(path.join(tempHomeRoot(prefix), prefix));
  const dataDir = path.join(home, DATA_DIR_NAME);
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

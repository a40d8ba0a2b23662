import { mkdir, chmod } from 'node:fs/promises';
import path from 'node:path';

/** The parts of the process environment that decide where files live; passed in so tests use a temp home. */
export type PathEnv = {
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  homeDir: string;
};

export const APP_FOLDER_NAME = 'Tether';

/**
 * The Tether data folder, the same for the app, the CLI and every proxy.
 *
 * `TETHER_HOME` wins; otherwise the platform's app-data folder, matching Electron's `userData`
 * (`~/Library/Application Support/Tether`, `%APPDATA%\Tether`, `$XDG_CONFIG_HOME/Tether`) so the desktop
 * app and the headless CLI share one folder without configuration.
 */
export function resolveDataDir({ env, platform, homeDir }: PathEnv): string {
  const override = env['TETHER_HOME'];
  if (override) return path.resolve(override);
  const flavour = platform === 'win32' ? path.win32 : path.posix;
  const join = (...parts: string[]): string => flavour.join(...parts);
  switch (platform) {
    case 'darwin':
      return join(homeDir, 'Library', 'Application Support', APP_FOLDER_NAME);
    case 'win32':
      return join(env['APPDATA'] ?? join(homeDir, 'AppData', 'Roaming'), APP_FOLDER_NAME);
    default:
      return join(nonEmpty(env['XDG_CONFIG_HOME']) ?? join(homeDir, '.config'), APP_FOLDER_NAME);
  }
}

/** Resolves the data folder of the running process. */
export function currentPathEnv(): PathEnv {
  return { env: process.env, platform: process.platform, homeDir: process.env['HOME'] ?? homedirFallback() };
}

/**
 * Creates the data folder owner-only (0700 on POSIX): it holds journals, caches and tokens.
 */
export async function ensureDataDir(dataDir: string): Promise<string> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') await chmod(dataDir, 0o700);
  return dataDir;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value && value.length > 0 ? value : undefined;
}

function homedirFallback(): string {
  return process.env['USERPROFILE'] ?? '/';
}

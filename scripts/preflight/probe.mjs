// @ts-check
// The preflight's eyes: looks for each part where parts.mjs says it may be and checks that it runs,
// and gathers the facts decide.mjs needs (who we are, which package managers, sudo, network).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  BREW_PREFIXES,
  candidates,
  playwrightCacheDirs,
  playwrightExecutables,
  VERSION_ARGS,
} from './parts.mjs';

/** @typedef {import('./parts.mjs').PartName} PartName */
/** @typedef {import('./parts.mjs').Where} Where */

const require = createRequire(import.meta.url);

/**
 * The first `name` on `PATH` that is a file (trying `PATHEXT` endings on Windows), or undefined.
 * @param {string} name
 * @param {Where} where
 * @returns {string | undefined}
 */
function which(name, { platform, env }) {
  const separator = platform === 'win32' ? ';' : ':';
  const dirs = (env['PATH'] ?? env['Path'] ?? '').split(separator).filter((dir) => dir !== '');
  // Windows runs only files with a PATHEXT ending (`nginx.exe`, `scoop.cmd`), never a bare `nginx`.
  const endings = platform === 'win32' ? (env['PATHEXT'] ?? '.COM;.EXE;.BAT;.CMD').split(';') : [''];
  for (const dir of dirs) {
    for (const ending of endings) {
      const file = path.join(dir, name + ending.toLowerCase());
      if (isFile(file)) return file;
    }
  }
  return undefined;
}

/**
 * @param {string} file
 * @returns {boolean}
 */
function isFile(file) {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * True when `file` runs and exits 0 with `args` (its version), so a stub or a broken install is not
 * taken for the real thing. Chrome on Windows opens a window for `--version`, so there a file is enough.
 * @param {PartName} part
 * @param {string} file
 * @param {NodeJS.Platform} platform
 * @returns {boolean}
 */
function runs(part, file, platform) {
  if (part === 'chromium' && platform === 'win32') return isFile(file);
  const result = spawnSync(file, [...VERSION_ARGS[part]], { stdio: 'ignore', timeout: 30_000 });
  return result.error === undefined && result.status === 0;
}

/**
 * Playwright's downloaded browsers, newest first.
 * @param {Where} where
 * @returns {string[]}
 */
function playwrightBrowsers(where) {
  return playwrightCacheDirs(where).flatMap((dir) => {
    let entries;
    try {
      entries = readdirSync(dir);
    } catch {
      return [];
    }
    return playwrightExecutables(where.platform, dir, entries);
  });
}

/**
 * Where `part` is on this machine, or undefined. For Chromium a set `TETHER_CHROMIUM` is the only
 * answer; otherwise installed browsers come before Playwright's downloads.
 * @param {PartName} part
 * @param {Where} where
 * @returns {string | undefined}
 */
export function findPart(part, where) {
  const override = where.env['TETHER_CHROMIUM'];
  if (part === 'chromium' && override) {
    const file = path.resolve(override);
    return runs(part, file, where.platform) ? file : undefined;
  }
  const files = candidates(part, where).map((candidate) =>
    'file' in candidate
      ? isFile(candidate.file)
        ? candidate.file
        : undefined
      : which(candidate.onPath, where),
  );
  if (part === 'chromium') files.push(...playwrightBrowsers(where).filter(isFile));
  const seen = new Set();
  for (const file of files) {
    if (file === undefined || seen.has(file)) continue;
    seen.add(file);
    if (runs(part, file, where.platform)) return file;
  }
  return undefined;
}

/**
 * os-release's `ID` and `ID_LIKE`: `['debian']`, `['ubuntu', 'debian']`; empty off Linux.
 * @param {NodeJS.Platform} platform
 * @returns {string[]}
 */
function linuxIds(platform) {
  if (platform !== 'linux') return [];
  let text = '';
  for (const file of ['/etc/os-release', '/usr/lib/os-release']) {
    if (existsSync(file)) {
      text = readFileSync(file, 'utf8');
      break;
    }
  }
  const value = (/** @type {string} */ key) =>
    new RegExp(`^${key}=(.*)$`, 'm').exec(text)?.[1]?.replace(/^["']|["']$/g, '') ?? '';
  return [value('ID'), ...value('ID_LIKE').split(/\s+/)].filter((id) => id !== '');
}

/**
 * `passwordless` when `sudo -n true` works, `password` when sudo exists but asks, `absent` without it.
 * @returns {'passwordless' | 'password' | 'absent'}
 */
function sudoState() {
  const result = spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore', timeout: 10_000 });
  if (result.error) return 'absent';
  return result.status === 0 ? 'passwordless' : 'password';
}

/**
 * Homebrew's `brew`, on PATH or at its usual prefixes (a non-login shell on a Mac often lacks them).
 * @param {Where} where
 * @returns {string | undefined}
 */
export function findBrew(where) {
  if (where.platform === 'win32') return undefined;
  const prefixes = where.platform === 'darwin' ? BREW_PREFIXES.darwin : BREW_PREFIXES.linux;
  return which('brew', where) ?? prefixes.map((prefix) => `${prefix}/bin/brew`).find(isFile);
}

/**
 * playwright-core's command line, when the package is installed.
 * @returns {string | undefined}
 */
export function playwrightCli() {
  try {
    return require.resolve('playwright-core/cli.js');
  } catch {
    return undefined;
  }
}

/**
 * Whether Playwright's browser download host answers at all (any HTTP status), within 5 s.
 * @param {Where} where
 * @returns {Promise<boolean>}
 */
async function downloadHostAnswers(where) {
  // The first of playwright-core's download mirrors, unless the user points it elsewhere.
  const host = where.env['PLAYWRIGHT_DOWNLOAD_HOST'] || 'https://cdn.playwright.dev';
  try {
    await fetch(host, { method: 'HEAD', signal: AbortSignal.timeout(5_000) });
    return true;
  } catch {
    return false;
  }
}

/**
 * The facts about the machine that decide how to install (only gathered when something is missing:
 * the sudo and network probes cost time).
 * @param {Where} where
 * @returns {Promise<Omit<import('./decide.mjs').Facts, 'found' | 'install' | 'chromiumOverride'>>}
 */
export async function machineFacts(where) {
  const uid = typeof process.getuid === 'function' ? process.getuid() : null;
  const apt = where.platform === 'linux' && which('apt-get', where) !== undefined;
  return {
    platform: where.platform,
    uid,
    linuxIds: linuxIds(where.platform),
    sudo: uid !== null && uid !== 0 && apt ? sudoState() : 'absent',
    managers: {
      apt,
      brew: findBrew(where) !== undefined,
      scoop: where.platform === 'win32' && which('scoop', where) !== undefined,
    },
    network: await downloadHostAnswers(where),
    playwright: playwrightCli() !== undefined,
  };
}

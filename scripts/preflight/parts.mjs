// @ts-check
// The external programs the test suite drives, and where each OS usually keeps them. Pure data and
// pure functions: the preflight's shell (scripts/preflight.mjs) does the looking.

/** @typedef {'chromium' | 'nginx' | 'openssl' | 'prometheus'} PartName */

/**
 * One place to look: a command name searched on `PATH` (with `PATHEXT` on Windows), or a fixed file.
 * @typedef {{ onPath: string } | { file: string }} Candidate
 */

/**
 * What the search depends on: the OS, its environment (`PATH`, `ProgramFiles`, `LOCALAPPDATA`,
 * `XDG_CACHE_HOME`, `PLAYWRIGHT_BROWSERS_PATH`) and the user's home folder.
 * @typedef {{ platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>, home: string }} Where
 */

/** @type {readonly PartName[]} */
export const PART_NAMES = ['chromium', 'nginx', 'openssl', 'prometheus'];

/**
 * Arguments that make each part print its version and exit 0: a found file that cannot run them
 * (Ubuntu's `chromium-browser` snap stub, a broken install) does not count as found.
 * @type {Readonly<Record<PartName, readonly string[]>>}
 */
export const VERSION_ARGS = {
  chromium: ['--version'],
  nginx: ['-v'],
  openssl: ['version'],
  prometheus: ['--version'],
};

/** Homebrew's prefixes: Apple silicon, Intel macs, Linux. */
export const BREW_PREFIXES = {
  darwin: ['/opt/homebrew', '/usr/local'],
  linux: ['/home/linuxbrew/.linuxbrew'],
};

/**
 * Reads an environment variable the way Windows does (names are case-insensitive there), so a plain
 * object in a test behaves like `process.env` on Windows.
 * @param {Where['env']} env
 * @param {string} name
 * @returns {string | undefined}
 */
function envValue(env, name) {
  const direct = env[name];
  if (direct !== undefined) return direct;
  const key = Object.keys(env).find((each) => each.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : env[key];
}

/**
 * The places to look for one part, best first. `TETHER_CHROMIUM` is not here: when set, it is the
 * only answer for Chromium (scripts/preflight.mjs).
 * @param {PartName} part
 * @param {Where} where
 * @returns {Candidate[]}
 */
export function candidates(part, { platform, env, home }) {
  const files = (/** @type {string[]} */ ...paths) => paths.map((file) => ({ file }));
  const onPath = (/** @type {string[]} */ ...names) => names.map((name) => ({ onPath: name }));
  const brewBins = (/** @type {string} */ name) =>
    (platform === 'darwin' ? BREW_PREFIXES.darwin : platform === 'linux' ? BREW_PREFIXES.linux : []).map(
      (prefix) => `${prefix}/bin/${name}`,
    );

  if (platform === 'win32') {
    const programFiles = envValue(env, 'ProgramFiles');
    const programFilesX86 = envValue(env, 'ProgramFiles(x86)');
    const localAppData = envValue(env, 'LOCALAPPDATA');
    const under = (/** @type {(string | undefined)[]} */ bases, /** @type {string} */ rest) =>
      bases.filter((base) => base !== undefined && base !== '').map((base) => `${base}\\${rest}`);
    const scoopShim = (/** @type {string} */ name) => `${home}\\scoop\\shims\\${name}.exe`;
    switch (part) {
      case 'chromium':
        return [
          ...files(
            ...under(
              [programFiles, programFilesX86, localAppData],
              'Google\\Chrome\\Application\\chrome.exe',
            ),
            ...under([programFilesX86, programFiles], 'Microsoft\\Edge\\Application\\msedge.exe'),
          ),
          ...onPath('chrome', 'chromium', 'msedge'),
        ];
      case 'openssl':
        return [
          ...onPath('openssl'),
          ...files(
            scoopShim('openssl'),
            ...under([programFiles], 'Git\\usr\\bin\\openssl.exe'),
            ...under([programFiles], 'OpenSSL-Win64\\bin\\openssl.exe'),
          ),
        ];
      default:
        return [...onPath(part), ...files(scoopShim(part))];
    }
  }

  switch (part) {
    case 'chromium':
      if (platform === 'darwin') {
        const apps = [
          'Google Chrome.app/Contents/MacOS/Google Chrome',
          'Chromium.app/Contents/MacOS/Chromium',
          'Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
        ];
        return [
          ...files(
            ...apps.map((app) => `/Applications/${app}`),
            ...apps.map((app) => `${home}/Applications/${app}`),
          ),
          ...onPath('chromium', 'google-chrome'),
        ];
      }
      return onPath('chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome');
    case 'nginx':
      // Debian keeps nginx in /usr/sbin, which is not on a normal user's PATH.
      return [
        ...onPath('nginx'),
        ...files(
          ...brewBins('nginx'),
          ...(platform === 'linux' ? ['/usr/sbin/nginx', '/usr/local/sbin/nginx'] : []),
        ),
      ];
    case 'openssl':
      // Homebrew's openssl@3 is keg-only (not linked into bin/); macOS's own /usr/bin/openssl is LibreSSL.
      return [
        ...files(
          ...(platform === 'darwin'
            ? BREW_PREFIXES.darwin.map((prefix) => `${prefix}/opt/openssl@3/bin/openssl`)
            : []),
        ),
        ...onPath('openssl'),
        ...files(...brewBins('openssl')),
      ];
    case 'prometheus':
      return [...onPath('prometheus'), ...files(...brewBins('prometheus'))];
  }
}

/**
 * Playwright's browser cache folders, as playwright-core computes them: `PLAYWRIGHT_BROWSERS_PATH`
 * when set, else `ms-playwright` under the OS's cache folder.
 * @param {Where} where
 * @returns {string[]}
 */
export function playwrightCacheDirs({ platform, env, home }) {
  const override = envValue(env, 'PLAYWRIGHT_BROWSERS_PATH');
  if (override && override !== '0') return [override];
  if (platform === 'win32') {
    return [`${envValue(env, 'LOCALAPPDATA') ?? `${home}\\AppData\\Local`}\\ms-playwright`];
  }
  if (platform === 'darwin') return [`${home}/Library/Caches/ms-playwright`];
  return [`${envValue(env, 'XDG_CACHE_HOME') || `${home}/.cache`}/ms-playwright`];
}

/** Executables inside one Playwright browser folder, per OS (Chrome for Testing, older Chromium builds, headless shell). */
const PLAYWRIGHT_EXECUTABLES = {
  linux: [
    'chrome-linux64/chrome',
    'chrome-linux/chrome',
    'chrome-headless-shell-linux64/chrome-headless-shell',
    'chrome-linux/headless_shell',
  ],
  darwin: [
    'chrome-mac-arm64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
    'chrome-mac-x64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
    'chrome-mac/Chromium.app/Contents/MacOS/Chromium',
    'chrome-headless-shell-mac-arm64/chrome-headless-shell',
    'chrome-headless-shell-mac-x64/chrome-headless-shell',
  ],
  win32: [
    'chrome-win64\\chrome.exe',
    'chrome-win\\chrome.exe',
    'chrome-headless-shell-win64\\chrome-headless-shell.exe',
  ],
};

/**
 * The browser executables that may sit in a Playwright cache folder holding `entries`, newest
 * revision first (full Chromium before the headless shell of the same revision).
 * @param {NodeJS.Platform} platform
 * @param {string} cacheDir
 * @param {readonly string[]} entries names in `cacheDir`, e.g. `chromium-1255`, `chromium_headless_shell-1255`
 * @returns {string[]}
 */
export function playwrightExecutables(platform, cacheDir, entries) {
  const inside =
    platform === 'win32' || platform === 'darwin'
      ? PLAYWRIGHT_EXECUTABLES[platform]
      : PLAYWRIGHT_EXECUTABLES.linux;
  const separator = platform === 'win32' ? '\\' : '/';
  return entries
    .map((name) => ({ name, match: /^chromium(_headless_shell)?-(\d+)$/.exec(name) }))
    .filter((entry) => entry.match !== null)
    .sort(
      (a, b) =>
        Number(b.match?.[2]) - Number(a.match?.[2]) ||
        Number(a.match?.[1] !== undefined) - Number(b.match?.[1] !== undefined),
    )
    .flatMap((entry) => inside.map((rest) => `${cacheDir}${separator}${entry.name}${separator}${rest}`));
}

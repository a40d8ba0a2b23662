// @ts-check
// Why `npm start` cannot open the tray app, and the fix, as one line: a pure function of what
// scripts/start.mjs saw, so every branch is a unit test (test/unit/start/diagnose.test.ts).

/**
 * What start.mjs saw.
 * @typedef {{
 *   platform: NodeJS.Platform,
 *   binary: 'present' | 'missing',
 *   allowScripts: Readonly<Record<string, boolean>> | undefined,
 *   env: Readonly<Record<string, string | undefined>>,
 * }} StartFacts
 * `binary`: node_modules/electron resolved to an existing executable. `allowScripts`: package.json's
 * field (npm 11 runs a dependency's install script only when it is allowed there). `env`: the
 * environment now (npm passes its config as `npm_config_*`).
 */

/**
 * Whether a name is allowed by an `allowScripts` table: `name`, or a pinned `name@version` entry.
 * @param {Readonly<Record<string, boolean>> | undefined} table
 * @param {string} name
 */
export function scriptAllowed(table, name) {
  if (!table) return false;
  return Object.entries(table).some(
    ([key, allowed]) => allowed === true && (key === name || key.startsWith(`${name}@`)),
  );
}

/**
 * Null when Electron can start; otherwise the reason and the fix, in one line.
 * @param {StartFacts} facts
 * @returns {string | null}
 */
export function electronUnavailable(facts) {
  const { env } = facts;
  if (facts.binary === 'missing') {
    if (!scriptAllowed(facts.allowScripts, 'electron'))
      return "npm blocked Electron's install script (package.json allowScripts has no electron entry); fix: npm install-scripts approve electron && npm rebuild electron";
    if (truthy(env['ELECTRON_SKIP_BINARY_DOWNLOAD']))
      return 'the Electron download was skipped (ELECTRON_SKIP_BINARY_DOWNLOAD is set); fix: unset ELECTRON_SKIP_BINARY_DOWNLOAD, then npm rebuild electron';
    if (truthy(env['npm_config_ignore_scripts']))
      return 'install scripts are turned off (npm config ignore-scripts); fix: npm rebuild electron --ignore-scripts=false';
    return 'the Electron binary is missing (its download did not finish); fix: npm rebuild electron (needs internet)';
  }
  if (facts.platform === 'linux' && !env['DISPLAY'] && !env['WAYLAND_DISPLAY'])
    return 'no display is available (DISPLAY and WAYLAND_DISPLAY are not set); fix: run npm start in a desktop session, or use tether serve';
  return null;
}

/** @param {string | undefined} value */
function truthy(value) {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

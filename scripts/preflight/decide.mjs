// @ts-check
// What the preflight does about the parts it did not find: a pure function of what it saw, so every
// branch (root or not, sudo or not, apt, Homebrew, Scoop, Playwright's download, no way at all) is a
// unit test (test/unit/preflight/decide.test.ts). scripts/preflight.mjs gathers the facts and runs
// the steps.
import { PART_NAMES } from './parts.mjs';

/** @typedef {import('./parts.mjs').PartName} PartName */

/**
 * What the shell saw on this machine.
 * @typedef {{
 *   platform: NodeJS.Platform,
 *   uid: number | null,
 *   linuxIds: readonly string[],
 *   sudo: 'passwordless' | 'password' | 'absent',
 *   managers: { apt: boolean, brew: boolean, scoop: boolean },
 *   network: boolean,
 *   playwright: boolean,
 *   chromiumOverride: string | null,
 *   found: Partial<Record<PartName, string>>,
 *   install: boolean,
 * }} Facts
 * `uid` is null on Windows. `linuxIds` are os-release's `ID` and `ID_LIKE` (`['debian']`,
 * `['ubuntu', 'debian']`). `network`: Playwright's browser download host answers. `playwright`:
 * playwright-core is installed. `chromiumOverride`: `TETHER_CHROMIUM` as set. `install: false` only
 * reports (`--check`, and the second look after installing).
 */

/**
 * One install step.
 * @typedef {{ kind: 'apt', sudo: boolean, packages: string[], stopServices: string[] }
 *   | { kind: 'brew', formulae: string[], casks: string[] }
 *   | { kind: 'scoop', apps: string[] }
 *   | { kind: 'playwright', withDeps: boolean }} Step
 */

/**
 * A part the preflight cannot provide, with the exact command that would (or, for a wrong
 * `TETHER_CHROMIUM`, the problem to fix).
 * @typedef {{ part: PartName, command: string, hint?: string } | { part: PartName, problem: string }} Missing
 */

/**
 * @typedef {{ steps: Step[], missing: Missing[] }} Plan
 * `steps` install (each part at most once); `missing` are the parts no step covers.
 */

/** Package names per manager; a part without an entry has no usable package there. */
const APT = { chromium: 'chromium', nginx: 'nginx', openssl: 'openssl', prometheus: 'prometheus' };
const BREW = { nginx: 'nginx', openssl: 'openssl@3', prometheus: 'prometheus' };
const SCOOP = { nginx: 'nginx', openssl: 'openssl', prometheus: 'prometheus' };
/** Debian packages that start a system service on install; the tests run their own instances. */
const SERVICES = ['nginx', 'prometheus'];

const CHROMIUM_HINT = 'or set TETHER_CHROMIUM to an installed Chrome, Chromium or Edge';

/**
 * Decides how to get each missing part: apt (as root or with passwordless sudo), Homebrew (never as
 * root: brew refuses), Scoop on Windows, Playwright's own Chromium download when its host answers;
 * what none of them covers is reported with the command a person would run.
 * @param {Facts} facts
 * @returns {Plan}
 */
export function decide(facts) {
  const absent = PART_NAMES.filter((part) => facts.found[part] === undefined);
  /** @type {Step[]} */
  const steps = [];
  /** @type {Missing[]} */
  const missing = [];

  // An explicit TETHER_CHROMIUM that points nowhere is a mistake to fix, never a reason to install.
  const chromiumOverridden = facts.chromiumOverride !== null && absent.includes('chromium');
  if (chromiumOverridden) {
    missing.push({
      part: 'chromium',
      problem: `TETHER_CHROMIUM=${facts.chromiumOverride} is not a runnable browser; fix the path or unset it`,
    });
  }
  let todo = absent.filter((part) => !(part === 'chromium' && chromiumOverridden));

  if (facts.install) {
    const aptParts = canUseApt(facts)
      ? todo.filter((part) => part !== 'chromium' || aptHasChromium(facts))
      : [];
    if (aptParts.length > 0) {
      steps.push({
        kind: 'apt',
        sudo: facts.uid !== 0,
        packages: aptParts.map((part) => APT[part]),
        stopServices: aptParts.filter((part) => SERVICES.includes(part)),
      });
      todo = todo.filter((part) => !aptParts.includes(part));
    }

    const pwChromium = todo.includes('chromium') && facts.network && facts.playwright;
    const brewOk = facts.managers.brew && facts.uid !== 0 && facts.platform !== 'win32';
    const brewFormulae = brewOk ? todo.filter(isBrewFormula) : [];
    const brewCasks =
      brewOk && facts.platform === 'darwin' && todo.includes('chromium') && !pwChromium
        ? ['google-chrome']
        : [];
    if (brewFormulae.length > 0 || brewCasks.length > 0) {
      steps.push({ kind: 'brew', formulae: brewFormulae.map((part) => BREW[part]), casks: brewCasks });
      todo = todo.filter(
        (part) =>
          !brewFormulae.some((each) => each === part) && !(part === 'chromium' && brewCasks.length > 0),
      );
    }

    const scoopParts = facts.platform === 'win32' && facts.managers.scoop ? todo.filter(isScoopApp) : [];
    if (scoopParts.length > 0) {
      steps.push({ kind: 'scoop', apps: scoopParts.map((part) => SCOOP[part]) });
      todo = todo.filter((part) => !scoopParts.some((each) => each === part));
    }

    if (pwChromium && todo.includes('chromium')) {
      // On Linux the downloaded Chromium needs system libraries; Playwright installs them only as root.
      steps.push({
        kind: 'playwright',
        withDeps: facts.platform === 'linux' && (facts.uid === 0 || facts.sudo === 'passwordless'),
      });
      todo = todo.filter((part) => part !== 'chromium');
    }
  }

  for (const part of todo) missing.push(manualInstall(part, facts));
  missing.sort((a, b) => PART_NAMES.indexOf(a.part) - PART_NAMES.indexOf(b.part));
  return { steps, missing };
}

/**
 * The command a person runs to install `part` on this machine.
 * @param {PartName} part
 * @param {Facts} facts
 * @returns {Missing}
 */
function manualInstall(part, facts) {
  const playwright =
    facts.platform === 'linux'
      ? 'npx playwright-core install --with-deps chromium'
      : 'npx playwright-core install chromium';
  if (facts.platform === 'linux' && facts.managers.apt && (part !== 'chromium' || aptHasChromium(facts))) {
    const apt = `apt-get install -y ${APT[part]}`;
    const command = facts.uid === 0 ? apt : facts.sudo === 'absent' ? `su -c '${apt}'` : `sudo ${apt}`;
    return withHint(part, command);
  }
  if (part === 'chromium') return withHint(part, playwright);
  if (facts.platform === 'win32') return { part, command: `scoop install ${SCOOP[part]}` };
  if (facts.platform === 'darwin' || facts.managers.brew)
    return { part, command: `brew install ${BREW[part]}` };
  return { part, command: `install the ${part} package with your distribution's package manager` };
}

/**
 * @param {PartName} part
 * @param {string} command
 * @returns {Missing}
 */
function withHint(part, command) {
  return part === 'chromium' ? { part, command, hint: CHROMIUM_HINT } : { part, command };
}

/**
 * @param {Facts} facts
 * @returns {boolean}
 */
function canUseApt(facts) {
  return (
    facts.platform === 'linux' && facts.managers.apt && (facts.uid === 0 || facts.sudo === 'passwordless')
  );
}

/**
 * Ubuntu's `chromium` / `chromium-browser` debs only install a snap, which does not run in containers
 * or CI; Debian's is the real browser.
 * @param {Facts} facts
 * @returns {boolean}
 */
function aptHasChromium(facts) {
  return !facts.linuxIds.includes('ubuntu');
}

/**
 * @param {PartName} part
 * @returns {part is keyof typeof BREW}
 */
function isBrewFormula(part) {
  return part in BREW;
}

/**
 * @param {PartName} part
 * @returns {part is keyof typeof SCOOP}
 */
function isScoopApp(part) {
  return part in SCOOP;
}

/**
 * The line printed for a missing part: what is missing and the exact command that installs it.
 * @param {Missing} missing
 * @returns {string}
 */
export function missingLine(missing) {
  if ('problem' in missing) return `preflight: ${missing.part}: ${missing.problem}`;
  return `preflight: ${missing.part} not found; install it with: ${missing.command}${missing.hint ? ` (${missing.hint})` : ''}`;
}

/**
 * The commands one step runs, as argv arrays; `mayFail` marks a command whose failure is not the
 * step's (stopping a service the package may not have started).
 * @param {Step} step
 * @param {{ node: string, playwrightCli: string, brew: string }} tools
 * @returns {{ argv: string[], mayFail: boolean }[]}
 */
export function stepCommands(step, tools) {
  switch (step.kind) {
    case 'apt': {
      const root = step.sudo ? ['sudo', '-n'] : [];
      return [
        { argv: [...root, 'apt-get', 'update', '-qq'], mayFail: false },
        {
          argv: [
            ...root,
            'env',
            'DEBIAN_FRONTEND=noninteractive',
            'apt-get',
            'install',
            '-y',
            '-qq',
            '--no-install-recommends',
            ...step.packages,
          ],
          mayFail: false,
        },
        ...step.stopServices.map((service) => ({
          argv: [...root, 'service', service, 'stop'],
          mayFail: true,
        })),
      ];
    }
    case 'brew':
      return [
        ...(step.formulae.length > 0
          ? [{ argv: [tools.brew, 'install', ...step.formulae], mayFail: false }]
          : []),
        ...(step.casks.length > 0
          ? [{ argv: [tools.brew, 'install', '--cask', ...step.casks], mayFail: false }]
          : []),
      ];
    case 'scoop':
      return [{ argv: ['scoop', 'install', ...step.apps], mayFail: false }];
    case 'playwright':
      return [
        {
          argv: [
            tools.node,
            tools.playwrightCli,
            'install',
            ...(step.withDeps ? ['--with-deps'] : []),
            'chromium',
          ],
          mayFail: false,
        },
      ];
  }
}

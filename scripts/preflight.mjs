// @ts-check
// `npm test` runs this first: finds each external program the suite drives (Chromium or Chrome, nginx,
// openssl, prometheus), installs what is missing where this machine allows it (apt as root or with
// passwordless sudo, Homebrew, Scoop, Playwright's Chromium download), and otherwise stops with one
// line per missing part naming the command that installs it (exit 1), before the build. Its answer
// goes to .cache/preflight.json for the test helpers (test/helpers/system-tools.ts).
//
//   node scripts/preflight.mjs           find, install what is missing, write the answer
//   node scripts/preflight.mjs --check   find and write the answer, never install
//
// The decisions are scripts/preflight/decide.mjs (pure, unit-tested); this file only runs them.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { answerPath, writeAnswer } from './preflight/answer.mjs';
import { decide, missingLine, stepCommands } from './preflight/decide.mjs';
import { PART_NAMES } from './preflight/parts.mjs';
import { findBrew, findPart, machineFacts, playwrightCli } from './preflight/probe.mjs';

const install = !process.argv.slice(2).includes('--check');
/** @type {import('./preflight/parts.mjs').Where} */
const where = { platform: process.platform, env: process.env, home: os.homedir() };
const chromiumOverride = process.env['TETHER_CHROMIUM'] || null;

/** @returns {Partial<Record<import('./preflight/parts.mjs').PartName, string>>} */
function findAll() {
  return Object.fromEntries(
    PART_NAMES.flatMap((part) => {
      const file = findPart(part, where);
      return file === undefined ? [] : [[part, file]];
    }),
  );
}

let found = findAll();
/** @type {import('./preflight/decide.mjs').Missing[]} */
let missing = [];

if (PART_NAMES.some((part) => found[part] === undefined)) {
  const machine = await machineFacts(where);
  const plan = decide({ ...machine, chromiumOverride, found, install });
  for (const step of plan.steps) {
    const commands = stepCommands(step, {
      node: process.execPath,
      playwrightCli: playwrightCli() ?? 'playwright-core/cli.js',
      brew: findBrew(where) ?? 'brew',
    });
    for (const { argv, mayFail } of commands) {
      const [command = '', ...args] = argv;
      console.log(`preflight: ${argv.join(' ')}`);
      const result = spawnSync(command, args, {
        // Scoop is a PowerShell script behind a .cmd shim: Windows runs those only through a shell.
        shell: process.platform === 'win32' && step.kind === 'scoop',
        stdio: mayFail ? 'ignore' : 'inherit',
      });
      if (!mayFail && (result.error || result.status !== 0)) {
        console.log(`preflight: that failed (${result.error?.message ?? `exit ${result.status}`})`);
        break;
      }
    }
  }
  if (plan.steps.length > 0) found = findAll();
  // The second look only reports: what the steps did not bring is missing, with its command.
  missing = decide({ ...machine, chromiumOverride, found, install: false }).missing;
}

writeAnswer({
  version: 1,
  platform: process.platform,
  chromiumOverride,
  parts: found,
  missing: Object.fromEntries(missing.map((each) => [each.part, missingLine(each)])),
});

if (missing.length > 0) {
  for (const each of missing) console.error(missingLine(each));
  process.exit(1);
}
console.log(`preflight: ${PART_NAMES.map((part) => `${part} ${found[part]}`).join(', ')} (${answerPath()})`);

// `npm start`: the Electron tray app when its binary is here and a display is available; otherwise one
// line naming the real reason and the fix (scripts/start/diagnose.mjs), then the same service as a
// headless dashboard in the browser.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { electronUnavailable } from './start/diagnose.mjs';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;

/** The Electron binary's path, or null: the package's index.js returns it, or throws when absent. */
function findElectron() {
  try {
    const binary = require('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

function run(command, args) {
  const child = spawn(command, args, { stdio: 'inherit', cwd: root });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (!existsSync(new URL('../dist/cli/tether.mjs', import.meta.url))) {
  await import('./build.mjs');
}

const binary = findElectron();
const { allowScripts } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const reason = electronUnavailable({
  platform: process.platform,
  binary: binary ? 'present' : 'missing',
  allowScripts,
  env: process.env,
});

if (reason || !binary) {
  process.stderr.write(`Tether: ${reason}; starting the headless dashboard instead (tether serve).\n`);
  run(process.execPath, [
    new URL('../bin/tether.mjs', import.meta.url).pathname,
    'serve',
    ...process.argv.slice(2),
  ]);
} else {
  run(binary, [root, ...process.argv.slice(2)]);
}

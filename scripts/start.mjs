// `npm start`: the Electron tray app when its binary is here and a display is available; otherwise one
// clear line saying why, then the same service as a headless dashboard in the browser.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;

/** The Electron binary's path, or the reason there is none. */
function findElectron() {
  try {
    const binary = require('electron'); // the package's index.js returns the binary path, or throws
    if (typeof binary === 'string' && existsSync(binary)) return { binary };
    return { reason: 'the Electron binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD)' };
  } catch {
    return { reason: 'the Electron binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD)' };
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

const electron = findElectron();
const headlessLinux = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const reason =
  electron.reason ?? (headlessLinux ? 'no display is available (DISPLAY is not set)' : undefined);

if (reason) {
  process.stderr.write(`Tether: ${reason}; starting the headless dashboard instead (tether serve).\n`);
  run(process.execPath, [
    new URL('../bin/tether.mjs', import.meta.url).pathname,
    'serve',
    ...process.argv.slice(2),
  ]);
} else {
  run(electron.binary, [root, ...process.argv.slice(2)]);
}

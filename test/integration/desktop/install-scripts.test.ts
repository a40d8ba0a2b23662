import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { scriptAllowed } from '../../../scripts/start/diagnose.mjs';

const root = path.resolve(import.meta.dirname, '../../..');

/**
 * Every installed dependency with an install script, reviewed: npm 11 runs a dependency's
 * preinstall/install/postinstall only when package.json `allowScripts` allows it, so a fresh
 * `npm install && npm start` opens the tray app only if the scripts the app needs are listed.
 * A package not in either table fails the test until someone decides which it is.
 */
const NEEDED: Record<string, string> = {
  electron: 'downloads the Electron binary that npm start runs',
  esbuild: 'checks and repairs its platform binary, which npm run build (prepare) uses',
};
const NOT_NEEDED: Record<string, string> = {
  'electron-winstaller':
    "Squirrel.Windows tooling pulled in by electron-builder; Tether's Windows target is NSIS",
};

type Manifest = { name?: string; version?: string; scripts?: Record<string, string>; gypfile?: boolean };

/** Every package under node_modules (nested ones included) whose install runs a script. */
async function packagesWithInstallScripts(
  dir: string,
  found = new Map<string, string>(),
): Promise<Map<string, string>> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return found;
  }
  for (const name of names) {
    if (name.startsWith('.')) continue;
    if (name.startsWith('@')) {
      await packagesWithInstallScripts(path.join(dir, name), found);
      continue;
    }
    const packageDir = path.join(dir, name);
    let manifest: Manifest;
    try {
      manifest = JSON.parse(await readFile(path.join(packageDir, 'package.json'), 'utf8')) as Manifest;
    } catch {
      continue;
    }
    const scripts = manifest.scripts ?? {};
    const script = scripts['preinstall'] ?? scripts['install'] ?? scripts['postinstall'];
    const gyp = await readFile(path.join(packageDir, 'binding.gyp')).then(
      () => 'node-gyp rebuild (binding.gyp)',
      () => undefined,
    );
    if ((script ?? gyp) && manifest.name) found.set(manifest.name, script ?? gyp!);
    await packagesWithInstallScripts(path.join(packageDir, 'node_modules'), found);
  }
  return found;
}

describe('package.json allowScripts', () => {
  it('covers every dependency whose install script the app needs, and denies the others', async () => {
    const { allowScripts } = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {
      allowScripts?: Record<string, boolean>;
    };
    const found = await packagesWithInstallScripts(path.join(root, 'node_modules'));
    // The scan is real: the two the app needs are installed and have their scripts.
    expect([...found.keys()]).toEqual(expect.arrayContaining(Object.keys(NEEDED)));
    const unreviewed = [...found.keys()].filter((name) => !(name in NEEDED) && !(name in NOT_NEEDED));
    expect(unreviewed, 'packages with install scripts nobody classified').toEqual([]);
    for (const name of Object.keys(NEEDED)) expect(scriptAllowed(allowScripts, name), name).toBe(true);
    for (const name of Object.keys(NOT_NEEDED)) {
      if (found.has(name)) expect(allowScripts?.[name], `${name} should be denied explicitly`).toBe(false);
    }
  });

  it("npm's own review agrees: nothing installed is left unreviewed", async () => {
    const { stdout } = await promisify(execFile)('npm', ['install-scripts', 'ls'], { cwd: root });
    expect(stdout).toContain('No packages with unreviewed install scripts');
  });
});

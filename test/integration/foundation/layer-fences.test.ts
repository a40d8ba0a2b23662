import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * Proves the layer fences bite: a probe file with a forbidden import is written into a layer, linted
 * with the project's real config, and must be rejected by `no-restricted-imports`.
 */
async function lintProbe(folder: string, extension: string, source: string): Promise<string[]> {
  const file = path.resolve(folder, `fence-probe-${randomUUID()}${extension}`);
  await writeFile(file, source);
  try {
    const [result] = await new ESLint().lintFiles([file]);
    return (result?.messages ?? []).map((message) => `${message.ruleId ?? 'fatal'}: ${message.message}`);
  } finally {
    await rm(file, { force: true });
  }
}

const restricted = (messages: string[]): boolean =>
  messages.some((m) => m.startsWith('no-restricted-imports'));

describe('layer fences', () => {
  it.each([
    ['electron/core', "import { app } from 'electron';\nexport const name = app.getName();\n"],
    ['electron/proxy', "import { app } from 'electron';\nexport const name = app.getName();\n"],
    ['electron/cli', "import Store from 'electron-store';\nexport const store = new Store();\n"],
    ['electron/server', "import { BrowserWindow } from 'electron';\nexport const w = BrowserWindow;\n"],
    ['shared', "import { readFile } from 'node:fs/promises';\nexport const read = readFile;\n"],
    ['shared', "import { readFile } from 'fs';\nexport const read = readFile;\n"],
    [
      'electron/core',
      "import { registerIpcHandlers } from '../app/ipc.js';\nexport const r = registerIpcHandlers;\n",
    ],
  ])('%s may not import what %s imports', async (folder, source) => {
    expect(restricted(await lintProbe(folder, '.ts', source))).toBe(true);
  });

  it.each([
    "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
    "import path from 'path';\nexport const join = path.join;\n",
    "import { ipcRenderer } from 'electron';\nexport const ipc = ipcRenderer;\n",
    "import { startService } from '../electron/core/service.js';\nexport const s = startService;\n",
  ])('renderer may not import Node, Electron or main-side code: %s', async (source) => {
    expect(restricted(await lintProbe('renderer', '.ts', source))).toBe(true);
  });

  it('allows what the layers may import', async () => {
    const core = await lintProbe(
      'electron/core',
      '.ts',
      "import { readFile } from 'node:fs/promises';\nimport { ok } from '../../shared/result.js';\nexport const both = [readFile, ok];\n",
    );
    expect(core).toEqual([]);
    const renderer = await lintProbe(
      'renderer',
      '.ts',
      "import { ok } from '../shared/result.js';\nexport const result = ok(1);\n",
    );
    expect(renderer).toEqual([]);
  });
});

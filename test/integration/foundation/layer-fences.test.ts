import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
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
  messages.some((m) => m.startsWith('no-restricted-imports') || m.startsWith('tether/layer-fences'));

/** Lints a probe in a sub-folder of a layer (created for the probe when missing, removed after). */
async function lintNestedProbe(folder: string, source: string): Promise<string[]> {
  const nested = path.resolve(folder, `probe-dir-${randomUUID()}`);
  await mkdir(nested, { recursive: true });
  try {
    return await lintProbe(nested, '.ts', source);
  } finally {
    await rm(nested, { recursive: true, force: true });
  }
}

describe('layer fences', () => {
  it.each([
    ['electron/core', "import { app } from 'electron';\nexport const name = app.getName();\n"],
    ['electron/proxy', "import { app } from 'electron';\nexport const name = app.getName();\n"],
    ['electron/cli', "import Store from 'electron-store';\nexport const store = new Store();\n"],
    ['electron/server', "import { BrowserWindow } from 'electron';\nexport const w = BrowserWindow;\n"],
    ['electron/app/model', "import { Tray } from 'electron';\nexport const t = Tray;\n"],
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

  it.each([
    // Climbs to the repository root and back down into another layer: the string names no layer.
    [
      'electron/core',
      "import { registerIpcHandlers } from '../../../electron/app/ipc.js';\nexport const r = registerIpcHandlers;\n",
    ],
    [
      'electron/proxy',
      "import { startService } from '../../../electron/core/service.js';\nexport const s = startService;\n",
    ],
    [
      'shared',
      "import { startService } from '../../electron/core/service.js';\nexport const s = startService;\n",
    ],
    [
      'renderer',
      "import { startService } from '../../../electron/core/service.js';\nexport const s = startService;\n",
    ],
  ])('%s may not climb to the root and into another layer', async (folder, source) => {
    expect(restricted(await lintNestedProbe(folder, source))).toBe(true);
  });

  it.each([
    // The proxy gets control-socket-path, logger and redact from core; a fourth slows its cold start.
    [
      'electron/proxy',
      "import { resolveDataDir } from '../core/paths.js';\nexport const p = resolveDataDir;\n",
    ],
    [
      'electron/preload',
      "import { startService } from '../core/service.js';\nexport const s = startService;\n",
    ],
    ['electron/preload', "import { readFile } from 'node:fs/promises';\nexport const r = readFile;\n"],
    [
      'electron/app',
      "import { startApiBridge } from '../../renderer/api/api-bridge.js';\nexport const b = startApiBridge;\n",
    ],
    ['electron/app', "import { exposeApi } from '../preload/preload.js';\nexport const e = exposeApi;\n"],
    [
      'electron/server',
      "import { registerIpcHandlers } from '../app/ipc.js';\nexport const r = registerIpcHandlers;\n",
    ],
  ])('%s may not import what %s imports', async (folder, source) => {
    expect(restricted(await lintProbe(folder, '.ts', source))).toBe(true);
  });

  it.each([
    "import { ipcMain } from 'electron';\nexport const handle = ipcMain.handle;\n",
    "import { ipcRenderer } from 'electron';\nexport const invoke = ipcRenderer.invoke;\n",
    "import type { BrowserWindow } from 'electron';\nexport const emit = (w: BrowserWindow): void => w.webContents.send('x', 1);\n",
  ])('raw IPC outside electron/app/ipc.ts is refused: %s', async (source) => {
    const messages = await lintProbe('electron/app', '.ts', source);
    expect(messages.some((m) => /no-restricted-(imports|syntax)/.test(m))).toBe(true);
  });

  it.each(['electron/core', 'electron/server', 'electron/cli'])(
    'webContents.send on a window handed in is refused in %s too',
    async (folder) => {
      const source =
        "export const emit = (w: { webContents: { send(c: string, v: number): void } }): void =>\n  w.webContents.send('x', 1);\n";
      const messages = await lintProbe(folder, '.ts', source);
      expect(messages.some((m) => m.startsWith('no-restricted-syntax'))).toBe(true);
    },
  );

  it('allows the proxy its three core modules and the app its own layers', async () => {
    const proxy = await lintProbe(
      'electron/proxy',
      '.ts',
      "import { redactText } from '../core/redact.js';\nimport { controlSocketPath } from '../core/control-socket-path.js';\nexport const both = [redactText, controlSocketPath];\n",
    );
    expect(proxy.filter((m) => m.startsWith('tether/layer-fences'))).toEqual([]);
    const app = await lintProbe(
      'electron/app',
      '.ts',
      "import { startService } from '../core/service.js';\nimport { ok } from '../../shared/result.js';\nexport const both = [startService, ok];\n",
    );
    expect(app).toEqual([]);
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

import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LogTailer } from '../../../electron/core/logs/log-tailer.js';
import type * as LogRootsModule from '../../../electron/core/logs/log-roots.js';
import { linuxPathEnv } from '../../helpers/claude-code-fixture-home.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';

// A gate on the roots listing: the test decides when an in-flight listing returns, so stop() can be
// made to land inside it every time (the window is a few milliseconds in real runs).
const gate = vi.hoisted(() => ({ hold: false, entered: false, release: (): void => {} }));
vi.mock('../../../electron/core/logs/log-roots.js', async (importOriginal) => {
  const real = await importOriginal<typeof LogRootsModule>();
  return {
    ...real,
    logRoots: async (...args: Parameters<typeof real.logRoots>) => {
      const roots = await real.logRoots(...args);
      if (!gate.hold) return roots;
      gate.entered = true;
      await new Promise<void>((resolve) => (gate.release = resolve));
      return roots;
    },
  };
});

let home: TempHome;
beforeEach(async () => {
  home = await createTempHome();
  await mkdir(path.join(home.env['XDG_CACHE_HOME']!, 'claude-cli-nodejs'), { recursive: true });
});
afterEach(() => home.cleanup());

const fsWatchHandles = (): number =>
  process.getActiveResourcesInfo().filter((name) => name === 'FSEventWrap').length;

describe('stopping the tailer while it lists its roots', () => {
  it('leaves no fs watcher behind when a new root appeared meanwhile', async () => {
    const before = fsWatchHandles();
    const tailer = new LogTailer({
      scope: { pathEnv: linuxPathEnv(home), dataDir: home.dataDir },
      onEvent: () => {},
      watch: true,
      pollMs: 600_000,
      rescanMs: 0, // every poll lists the roots again
    });
    await tailer.start();
    await tailer.watching();
    expect(fsWatchHandles()).toBeGreaterThan(before); // the watch is live: there is something to leak

    // Cursor starts logging: a new root, found by the next poll's listing.
    const cursorLogs = path.join(home.env['XDG_CONFIG_HOME']!, 'Cursor', 'logs');
    await mkdir(cursorLogs, { recursive: true });
    gate.hold = true;
    const polling = tailer.poll();
    await vi.waitFor(() => expect(gate.entered).toBe(true));
    const stopping = tailer.stop();
    gate.release();
    await polling;
    await stopping;
    await rm(path.join(home.home, '.config'), { recursive: true, force: true }); // the home goes away
    await new Promise((resolve) => setTimeout(resolve, 200)); // chokidar's own async adds settle
    expect(fsWatchHandles()).toBe(before);
  });
});

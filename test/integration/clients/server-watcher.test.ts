import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientPathEnv } from '../../../electron/core/clients/client-paths.js';
import { ServerWatcher, type ServerUpdate } from '../../../electron/core/clients/server-watcher.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';

// One watcher over one temp home for the whole file; each case changes files on disk and waits for the
// update it must cause. No periodic rescan, so only file events can explain what is seen.
let home: TempHome;
let watcher: ServerWatcher;
const updates: ServerUpdate[] = [];
let claudeJson: string;
const project = (): string => path.join(home.home, 'work', 'later-project');

/** Writes like Claude Code: a temp file renamed over the target. */
async function writeAtomically(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.tmp.${process.pid}.${Date.now()}`;
  await writeFile(temp, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  await rename(temp, file);
}

function claudeConfig(servers: Record<string, unknown>): Record<string, unknown> {
  return {
    oauthAccount: { accountUuid: 'canary' },
    mcpServers: servers,
    projects: { [project()]: { mcpServers: {} } },
  };
}

/** Resolves with the first update (after `from`) that `match` accepts; fails after 5 s. */
async function nextUpdate(from: number, match: (update: ServerUpdate) => boolean): Promise<ServerUpdate> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const found = updates.slice(from).find(match);
    if (found) return found;
    if (Date.now() > deadline)
      throw new Error(`no matching update; got ${JSON.stringify(updates.slice(from))}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const change = (update: ServerUpdate, kind: string, name: string) =>
  update.changes.some((item) => item.kind === kind && item.server.name === name);

beforeAll(async () => {
  home = await createTempHome();
  claudeJson = path.join(home.home, '.claude.json');
  await writeAtomically(claudeJson, claudeConfig({ alpha: { type: 'http', url: 'http://127.0.0.1:9/a' } }));
  const pathEnv: ClientPathEnv = {
    env: home.env,
    platform: process.platform,
    homeDir: home.home,
    systemRoot: path.join(home.home, 'system'),
  };
  watcher = new ServerWatcher({
    pathEnv,
    debounceMs: 40,
    retryMs: 100,
    rescanMs: 0,
    onUpdate: (update) => updates.push(update),
  });
  await watcher.start();
});
afterAll(async () => {
  await watcher.stop();
  await home.cleanup();
});

describe('ServerWatcher', () => {
  it('starts from the servers on disk', () => {
    expect(watcher.snapshot().servers.map((server) => server.name)).toEqual(['alpha']);
  });

  it('reports a server added, changed and removed in a file replaced by rename', async () => {
    let from = updates.length;
    await writeAtomically(
      claudeJson,
      claudeConfig({ alpha: { type: 'http', url: 'http://127.0.0.1:9/a' }, beta: { command: 'node' } }),
    );
    const added = await nextUpdate(from, (update) => change(update, 'added', 'beta'));
    expect(added.changes).toHaveLength(1);
    expect(added.changes[0]).toMatchObject({
      kind: 'added',
      server: { client: 'claude-code', scope: 'user' },
    });

    from = updates.length;
    await writeAtomically(
      claudeJson,
      claudeConfig({ alpha: { type: 'http', url: 'http://127.0.0.1:9/changed' }, beta: { command: 'node' } }),
    );
    const changed = await nextUpdate(from, (update) => change(update, 'changed', 'alpha'));
    expect(changed.changes[0]!.server.url).toBe('http://127.0.0.1:9/changed');

    from = updates.length;
    await writeAtomically(
      claudeJson,
      claudeConfig({ alpha: { type: 'http', url: 'http://127.0.0.1:9/changed' } }),
    );
    await nextUpdate(from, (update) => change(update, 'removed', 'beta'));
    expect(watcher.snapshot().servers.map((server) => server.name)).toEqual(['alpha']);
  });

  it('keeps the last good servers while a file is invalid, reports it, and recovers', async () => {
    let from = updates.length;
    await writeFile(claudeJson, '{\n  "mcpServers": {\n    "alpha": {\n');
    const broken = await nextUpdate(from, (update) => update.problems.length > 0);
    expect(broken.problems[0]).toMatchObject({ configPath: claudeJson });
    expect(broken.changes).toEqual([]);
    expect(watcher.snapshot().servers.map((server) => server.name)).toEqual(['alpha']);

    from = updates.length;
    await writeAtomically(
      claudeJson,
      claudeConfig({ alpha: { type: 'http', url: 'http://127.0.0.1:9/changed' }, gamma: { command: 'x' } }),
    );
    const recovered = await nextUpdate(from, (update) => update.problems.length === 0);
    expect(recovered.changes.map((item) => `${item.kind} ${item.server.name}`)).toEqual(['added gamma']);
  });

  it('follows a file deleted and created again', async () => {
    const cursor = path.join(home.home, '.cursor', 'mcp.json');
    let from = updates.length;
    await writeAtomically(cursor, { mcpServers: { cur: { url: 'http://127.0.0.1:9/c' } } });
    await nextUpdate(from, (update) => change(update, 'added', 'cur'));
    from = updates.length;
    await rm(cursor);
    await nextUpdate(from, (update) => change(update, 'removed', 'cur'));
    from = updates.length;
    await writeFile(cursor, JSON.stringify({ mcpServers: { cur: { url: 'http://127.0.0.1:9/c2' } } }));
    const back = await nextUpdate(from, (update) => change(update, 'added', 'cur'));
    expect(back.changes[0]!.server).toMatchObject({
      client: 'cursor',
      scope: 'global',
      url: 'http://127.0.0.1:9/c2',
    });
  });

  it('notices files in folders created after it started (a client installed later, a project created)', async () => {
    let from = updates.length;
    await writeAtomically(path.join(home.home, '.codeium', 'windsurf', 'mcp_config.json'), {
      mcpServers: { surf: { serverUrl: 'http://127.0.0.1:9/s' } },
    });
    const surf = await nextUpdate(from, (update) => change(update, 'added', 'surf'));
    expect(surf.changes[0]!.server).toMatchObject({ client: 'windsurf', transport: 'http' });

    from = updates.length;
    await writeAtomically(path.join(project(), '.mcp.json'), { mcpServers: { proj: { command: 'p' } } });
    const proj = await nextUpdate(from, (update) => change(update, 'added', 'proj'));
    expect(proj.changes[0]!.server).toMatchObject({
      client: 'claude-code',
      scope: 'project',
      project: project(),
    });
  });
});

describe('ServerWatcher and chokidar’s change throttle', () => {
  it('sees a write that lands within 50 ms of the previous event on the same file', async () => {
    // chokidar delivers no `change` for a write within 50 ms of the last one it delivered for a file,
    // and sends nothing later; with no debounce the first refresh reads before the second write.
    const quick = await createTempHome();
    const file = path.join(quick.home, '.cursor', 'mcp.json');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify({ mcpServers: { first: { url: 'http://127.0.0.1:9/1' } } }));
    const seen: ServerUpdate[] = [];
    const quickWatcher = new ServerWatcher({
      pathEnv: { env: quick.env, platform: process.platform, homeDir: quick.home, systemRoot: quick.home },
      debounceMs: 0,
      rescanMs: 0,
      onUpdate: (update) => seen.push(update),
    });
    await quickWatcher.start();
    try {
      await writeFile(file, JSON.stringify({ mcpServers: { second: { url: 'http://127.0.0.1:9/2' } } }));
      await new Promise((resolve) => setTimeout(resolve, 15));
      await writeFile(file, JSON.stringify({ mcpServers: { third: { url: 'http://127.0.0.1:9/3' } } }));
      const deadline = Date.now() + 3000;
      const names = (): string[] => quickWatcher.snapshot().servers.map((server) => server.name);
      while (!names().includes('third') && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(names()).toEqual(['third']);
    } finally {
      await quickWatcher.stop();
      await quick.cleanup();
    }
  });
});

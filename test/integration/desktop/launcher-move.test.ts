import { execFile, spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launcherMissingLine, launcherPath } from '../../../electron/core/launcher/launcher-script.js';
import { spawnStdioServer } from '../../helpers/mcp-stdio-client.js';
import { referenceStdioCommand } from '../../helpers/reference-server.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';

const repo = path.resolve(import.meta.dirname, '../../..');
const run = promisify(execFile);

type Entry = { command: string; args: string[]; env?: Record<string, string> };

/** Runs the launcher as a client would and collects its stderr and exit code (no answer expected). */
function runEntry(
  entry: Entry,
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(entry.command, entry.args, {
      env: { ...env, ...entry.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

/**
 * The acceptance of the stable launcher: wrap a server with one install, move that install, and the
 * wrapped entry (unchanged in the client's config) works again after the moved install starts once.
 * Everything is real: the CLI copied out of this checkout, `tether wrap`, the launcher script, `tether
 * proxy` and the reference MCP server over stdio.
 */
describe('wrapped servers survive moving the install', () => {
  let home: TempHome;
  let installs: string;
  beforeAll(async () => {
    home = await createTempHome();
    installs = await mkdtemp(path.join(tmpdir(), 'tether-installs-'));
  });
  afterAll(async () => {
    await home.cleanup();
    await rm(installs, { recursive: true, force: true });
  });

  it('the next start repairs the launcher; a deleted install gets one stderr line naming the fix', async () => {
    const first = path.join(installs, 'first');
    await mkdir(first);
    await cp(path.join(repo, 'bin'), path.join(first, 'bin'), { recursive: true });
    await cp(path.join(repo, 'dist', 'cli'), path.join(first, 'dist', 'cli'), { recursive: true });
    const [command, ...args] = referenceStdioCommand();
    const claudeJson = path.join(home.home, '.claude.json');
    await writeFile(
      claudeJson,
      JSON.stringify({ mcpServers: { everything: { type: 'stdio', command, args } } }, null, 2),
    );

    await run(
      process.execPath,
      [path.join(first, 'bin', 'tether.mjs'), 'wrap', 'everything', '--client', 'claude-code'],
      {
        env: home.env,
      },
    );
    const entry = (JSON.parse(await readFile(claudeJson, 'utf8')) as { mcpServers: Record<string, Entry> })
      .mcpServers['everything']!;
    expect(entry.command).toBe(launcherPath(home.dataDir, process.platform));
    expect(entry.args.slice(0, 3)).toEqual(['--name', 'everything', '--']);

    // Moved: the launcher still names the old place, so it says so on stderr and starts nothing.
    const second = path.join(installs, 'second');
    await rename(first, second);
    const stale = await runEntry(entry, home.env);
    expect(stale.code).toBe(1);
    expect(stale.stderr.trim()).toBe(launcherMissingLine(path.join(first, 'bin', 'tether.mjs')));

    // Any command of the moved install repoints the launcher; the same entry now connects.
    await run(process.execPath, [path.join(second, 'bin', 'tether.mjs'), 'servers', '--json'], {
      env: home.env,
    });
    expect(await readFile(entry.command, 'utf8')).toContain(path.join(second, 'bin', 'tether.mjs'));
    const client = spawnStdioServer([entry.command, ...entry.args], { env: { ...home.env, ...entry.env } });
    try {
      const answer = await client.initialize(30_000);
      expect(answer.result?.['serverInfo']).toMatchObject({ name: expect.any(String) });
      const tools = await client.request('tools/list', {}, { timeoutMs: 30_000 });
      expect((tools.result?.['tools'] as unknown[]).length).toBeGreaterThan(0);
      expect(client.garbage).toEqual([]);
    } finally {
      await client.kill();
    }

    // Deleted: one line naming the fix, exit 1.
    await rm(second, { recursive: true, force: true });
    const gone = await runEntry(entry, home.env);
    expect(gone.code).toBe(1);
    expect(gone.stderr.split('\n').filter(Boolean)).toEqual([
      launcherMissingLine(path.join(second, 'bin', 'tether.mjs')),
    ]);
  });
});

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { claudeJsonPath } from '../../../electron/core/clients/client-paths.js';
import { cleanClaudeCode } from '../../../electron/core/config/cleaner.js';
import { applyJsonEdits } from '../../../electron/core/config/json-edit.js';
import { protectedSnapshot } from '../../../electron/core/config/protected-keys.js';
import type { TempHome } from '../../helpers/temp-home.js';
import { fixtureHome } from '../clients/fixture-home.js';

let home: TempHome | undefined;
afterEach(async () => {
  await home?.cleanup();
  home = undefined;
});

it('finds each category, fixes only the fixable ones, and keeps auth keys byte-identical', async () => {
  const fixture = await fixtureHome('linux-home');
  home = fixture.home;
  const file = claudeJsonPath(fixture.pathEnv);
  const acme = path.join(fixture.home.home, 'projects', 'acme');
  let text = await readFile(file, 'utf8');
  text = applyJsonEdits(file, text, [
    { path: ['projects', acme, 'disabledMcpServers'], value: ['svc', 'gone'] },
    {
      path: ['projects', '/nowhere/old-project'],
      value: { mcpServers: { old: { command: 'x' } }, hasTrustDialogAccepted: true },
    },
  ]);
  await writeFile(file, text);
  const claudeDir = path.join(fixture.home.home, '.claude');
  await mkdir(path.join(claudeDir, 'backups'), { recursive: true });
  await writeFile(
    path.join(claudeDir, 'mcp-needs-auth-cache.json'),
    JSON.stringify({ remote: { timestamp: Date.now() } }),
  );
  await writeFile(
    path.join(claudeDir, 'backups', '.claude.json.backup.1700000000000'),
    JSON.stringify({ mcpServers: { lostone: { command: 'y' } } }),
  );
  await writeFile(
    path.join(claudeDir, '.credentials.json'),
    JSON.stringify({ mcpOAuth: { 'ghost|abc': { serverName: 'ghost', accessToken: 'canary-token' } } }),
  );

  const dry = await cleanClaudeCode(fixture.pathEnv, { dataDir: fixture.home.dataDir, apply: false });
  expect(dry.findings.map((f) => f.category).sort()).toEqual(
    [
      'dangling-toggle',
      'lost-server',
      'missing-project-folder',
      'needs-auth-cache',
      'orphaned-oauth-token',
    ].sort(),
  );
  expect(await readFile(file, 'utf8')).toBe(text);

  const applied = await cleanClaudeCode(fixture.pathEnv, { dataDir: fixture.home.dataDir, apply: true });
  expect(applied.editedFiles.length).toBe(2);
  const after = await readFile(file, 'utf8');
  expect(protectedSnapshot(after)).toBe(protectedSnapshot(text));
  const parsed = JSON.parse(after) as { projects: Record<string, Record<string, unknown>> };
  expect(parsed.projects[acme]!['disabledMcpServers']).toEqual(['svc']);
  expect(parsed.projects['/nowhere/old-project']).toEqual({ mcpServers: {}, hasTrustDialogAccepted: true });
  expect(JSON.parse(await readFile(path.join(claudeDir, 'mcp-needs-auth-cache.json'), 'utf8'))).toEqual({});
  expect(await readFile(path.join(claudeDir, '.credentials.json'), 'utf8')).toContain('canary-token');
});

it('reads each Claude Code backup once (cached by path, size and mtime) and again when it changes', async () => {
  const fixture = await fixtureHome('linux-home');
  home = fixture.home;
  const backups = path.join(fixture.home.home, '.claude', 'backups');
  await mkdir(backups, { recursive: true });
  const backup = path.join(backups, '.claude.json.backup.1700000000000');
  await writeFile(backup, JSON.stringify({ mcpServers: { lostone: { command: 'y' } } }));
  await writeFile(path.join(backups, '.claude.json.corrupted.1700000000001'), '{"mcpServers": {"torn": ');
  const lost = async () =>
    (await cleanClaudeCode(fixture.pathEnv, { dataDir: fixture.home.dataDir, apply: false })).findings
      .filter((finding) => finding.category === 'lost-server')
      .map((finding) => finding.subject)
      .sort();

  expect(await lost()).toEqual(['lostone']);
  const cache = JSON.parse(
    await readFile(path.join(fixture.home.dataDir, 'cache', 'claude-backups.json'), 'utf8'),
  ) as { entries: Record<string, { servers: string[] | null }> };
  expect(Object.values(cache.entries).map((entry) => entry.servers)).toEqual(
    expect.arrayContaining([['lostone'], null]),
  );
  await writeFile(backup, JSON.stringify({ mcpServers: { lostone: { command: 'y' }, another: { command: 'z' } } }));
  expect(await lost()).toEqual(['another', 'lostone']);
});

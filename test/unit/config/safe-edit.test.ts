import { renameSync, writeFileSync } from 'node:fs';
import { link, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigParseError } from '../../../electron/core/clients/config-file.js';
import { isAfterState } from '../../../electron/core/config/edit-journal.js';
import { spliceJsonEdits } from '../../../electron/core/config/json-edit.js';
import { ProtectedKeysChangedError } from '../../../electron/core/config/protected-keys.js';
import { ConcurrentWriteError, safeEdit, type SafeEditRequest } from '../../../electron/core/config/safe-edit.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';

let home: TempHome;
let file: string;

/** A small ~/.claude.json in Claude Code's layout, with non-ASCII text so byte and character offsets differ. */
function claudeConfig(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    numStartups: 3,
    oauthAccount: { accountUuid: 'canary-account', emailAddress: 'canary@example.invalid' },
    userID: 'canary-user',
    mcpServers: { svc: { type: 'http', url: 'http://127.0.0.1:9/mcp' }, other: { command: 'node' } },
    projects: {
      '/work/café ☕': {
        history: [{ display: 'déjà vu 😀 "quoted"', pastedContents: {} }],
        mcpServers: {},
        hasTrustDialogAccepted: true,
      },
      '/work/plain': { mcpServers: { local: { command: 'x' } }, hasTrustDialogAccepted: true },
    },
    ...extra,
  };
}

const pretty = (value: unknown): string => JSON.stringify(value, null, 2);

function request(transform: SafeEditRequest['transform']): SafeEditRequest {
  return {
    client: 'claude-code',
    configPath: file,
    format: 'json',
    dataDir: home.dataDir,
    reason: 'test',
    transform,
  };
}

beforeEach(async () => {
  home = await createTempHome();
  file = path.join(home.home, '.claude.json');
  await writeFile(file, pretty(claudeConfig()), { mode: 0o600 });
});
afterEach(async () => {
  await home.cleanup();
});

describe('safeEdit', () => {
  it('changes only the edited value, keeps the mode, backs up the old bytes and records an exact undo state', async () => {
    const original = await readFile(file);
    const done = await safeEdit(
      request((text) =>
        spliceJsonEdits(file, text, [
          { path: ['mcpServers', 'svc'], value: { command: 'tether' } },
          // After the non-ASCII project: its byte offset differs from its character offset.
          { path: ['projects', '/work/plain', 'mcpServers'], value: {} },
        ]),
      ),
    );
    const expected = claudeConfig();
    (expected['mcpServers'] as Record<string, unknown>)['svc'] = { command: 'tether' };
    (expected['projects'] as Record<string, Record<string, unknown>>)['/work/plain']!['mcpServers'] = {};
    const written = await readFile(file);
    expect(written.equals(Buffer.from(pretty(expected), 'utf8'))).toBe(true);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(done.undo).toBeDefined();
    const backup = await readFile(done.undo!.backupPath);
    expect(backup.equals(original)).toBe(true);
    expect(isAfterState(written.toString('utf8'), backup.toString('utf8'), done.undo!.after)).toBe(true);

    // A second edit replaces the file again: the first backup still holds the original bytes.
    await safeEdit(
      request((text) => spliceJsonEdits(file, text, [{ path: ['mcpServers', 'other'], value: undefined }])),
    );
    expect((await readFile(done.undo!.backupPath)).equals(original)).toBe(true);
    const now = await readFile(file, 'utf8');
    expect(isAfterState(now, backup.toString('utf8'), done.undo!.after)).toBe(false);
  });

  it('copies rather than links the backup when the file has another name the user could write through', async () => {
    const other = path.join(home.home, 'dotfiles-claude.json');
    await link(file, other);
    const original = await readFile(file);
    const done = await safeEdit(
      request((text) => spliceJsonEdits(file, text, [{ path: ['mcpServers', 'other'], value: undefined }])),
    );
    const backup = done.undo!.backupPath;
    expect((await stat(backup)).ino).not.toBe((await stat(other)).ino);
    expect((await stat(backup)).mode & 0o777).toBe(0o600);
    await writeFile(other, 'written in place through the other name');
    expect((await readFile(backup)).equals(original)).toBe(true);
  });

  it('refuses an edit that would change an auth key or a project trust flag, and writes nothing', async () => {
    const original = await readFile(file, 'utf8');
    await expect(
      safeEdit(
        request((text) => spliceJsonEdits(file, text, [{ path: ['oauthAccount', 'emailAddress'], value: 'x' }])),
      ),
    ).rejects.toBeInstanceOf(ProtectedKeysChangedError);
    await expect(
      safeEdit(
        request((text) =>
          spliceJsonEdits(file, text, [{ path: ['projects', '/work/plain', 'hasTrustDialogAccepted'], value: false }]),
        ),
      ),
    ).rejects.toBeInstanceOf(ProtectedKeysChangedError);
    await expect(
      safeEdit(
        request((text) =>
          spliceJsonEdits(file, text, [
            { path: ['projects', '/work/new'], value: { hasTrustDialogAccepted: true } },
          ]),
        ),
      ),
    ).rejects.toBeInstanceOf(ProtectedKeysChangedError);
    expect(await readFile(file, 'utf8')).toBe(original);
    expect(await readdir(home.home)).not.toContainEqual(expect.stringMatching(/\.tmp$/));
  });

  it('refuses a file that does not parse, naming the line, and writes nothing', async () => {
    const broken = '{\n  "mcpServers": {\n    "a": { "command": "x" },,\n  }\n}\n';
    await writeFile(file, broken);
    const failure = await safeEdit(request(() => '{}')).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConfigParseError);
    expect((failure as ConfigParseError).line).toBe(3);
    expect(await readFile(file, 'utf8')).toBe(broken);
  });

  it('starts over from a version renamed over the file during the edit: the other writer keeps its change', async () => {
    let calls = 0;
    const done = await safeEdit(
      request((text) => {
        calls++;
        if (calls === 1) replaceByRename(claudeConfig({ numStartups: 4 }), 'theirs');
        return spliceJsonEdits(file, text, [{ path: ['mcpServers', 'svc'], value: { command: 'tether' } }]);
      }),
    );
    expect(calls).toBe(2);
    const final = JSON.parse(await readFile(file, 'utf8')) as Record<string, Record<string, unknown>>;
    expect(final['numStartups']).toBe(4);
    expect(Object.keys(final['mcpServers']!)).toEqual(['svc', 'other', 'theirs']);
    expect(final['mcpServers']!['svc']).toEqual({ command: 'tether' });
    // The backup of the edit that stood is the other writer's version, not the stale first read.
    const backup = JSON.parse(await readFile(done.undo!.backupPath, 'utf8')) as Record<string, unknown>;
    expect(backup['numStartups']).toBe(4);
  });

  it('fails clearly when the file is replaced on every attempt, leaving the other writer’s version intact', async () => {
    let calls = 0;
    const failure = await safeEdit(
      request((text) => {
        calls++;
        replaceByRename(claudeConfig({ numStartups: 100 + calls }), `theirs${calls}`);
        return spliceJsonEdits(file, text, [{ path: ['mcpServers', 'svc'], value: { command: 'tether' } }]);
      }),
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConcurrentWriteError);
    expect((failure as Error).message).toContain('nothing was written');
    const final = JSON.parse(await readFile(file, 'utf8')) as Record<string, Record<string, unknown>>;
    expect(final['numStartups']).toBe(100 + calls);
    expect(final['mcpServers']!['svc']).toEqual({ type: 'http', url: 'http://127.0.0.1:9/mcp' });
    expect(await readdir(home.home)).not.toContainEqual(expect.stringMatching(/\.tmp$/));
    const backups = await readdir(path.join(home.dataDir, 'backups', 'claude-code')).catch(() => []);
    const kept = await Promise.all(
      backups.map((dir) => readdir(path.join(home.dataDir, 'backups', 'claude-code', dir))),
    );
    expect(kept.flat()).toEqual([]);
  });
});

/** Another writer (Claude Code) replacing the file the way it does: a new file renamed over the old. */
function replaceByRename(config: Record<string, unknown>, added: string): void {
  (config['mcpServers'] as Record<string, unknown>)[added] = { command: added };
  const temp = `${file}.other-${added}`;
  writeFileSync(temp, pretty(config), { mode: 0o600 });
  renameSync(temp, file);
}

import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { ClientPathEnv } from '../../../electron/core/clients/client-paths.js';
import { cleanClaudeCode } from '../../../electron/core/config/cleaner.js';
import { listUndoRecords, undoEdit, UndoRefusedError } from '../../../electron/core/config/undo.js';
import { wrapServer } from '../../../electron/core/config/wrap.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';

let home: TempHome;
let file: string;
let pathEnv: ClientPathEnv;
const runtime = {
  kind: 'node' as const,
  nodePath: '/fake/node',
  tetherBin: '/fake/tether-mcp/bin/tether.mjs',
};
const original = (gone: string): string =>
  JSON.stringify(
    {
      oauthAccount: { accountUuid: 'canary' },
      mcpServers: { svc: { type: 'http', url: 'http://127.0.0.1:9/mcp' } },
      projects: { [gone]: { mcpServers: { old: { command: 'x' } } } },
    },
    null,
    2,
  );

beforeEach(async () => {
  home = await createTempHome();
  file = path.join(home.home, '.claude.json');
  await writeFile(file, original(path.join(home.home, 'gone')), { mode: 0o600 });
  pathEnv = { env: home.env, platform: 'linux', homeDir: home.home, systemRoot: path.join(home.home, 'sys') };
});
afterEach(async () => {
  await home.cleanup();
});

const wrap = () =>
  wrapServer({ name: 'svc', client: 'claude-code' }, { pathEnv, dataDir: home.dataDir, runtime });
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

it('undoes the last edits one after another, back to the original bytes, and redoes an undone one', async () => {
  const before = await readFile(file, 'utf8');
  await wrap();
  const wrapped = await readFile(file, 'utf8');
  await cleanClaudeCode(pathEnv, { dataDir: home.dataDir, apply: true });
  expect(await readFile(file, 'utf8')).not.toBe(wrapped);

  expect((await undoEdit(home.dataDir)).undone.reason).toBe('clean');
  expect(await readFile(file, 'utf8')).toBe(wrapped);
  const { undone, edit } = await undoEdit(home.dataDir);
  expect(undone.reason).toBe('wrap svc');
  expect(await readFile(file, 'utf8')).toBe(before);
  const failure = await refusal(undoEdit(home.dataDir));
  expect(failure).toMatchObject({ code: 'nothing_to_undo' });

  // Undoing the undo of the wrap redoes the wrap.
  await undoEdit(home.dataDir, edit.undo!.id.slice(0, 30));
  expect(await readFile(file, 'utf8')).toBe(wrapped);
  const records = await listUndoRecords(home.dataDir);
  expect(records.find((record) => record.reason === 'wrap svc')?.undoneBy).toBeUndefined();
});

it('refuses to undo an edit the file has changed since, and writes nothing', async () => {
  const first = (await wrap()).edit.undo!;
  // Claude Code adds a server after the wrap, writing the way it does (temp file + rename).
  const changed = JSON.parse(await readFile(file, 'utf8')) as { mcpServers: Record<string, unknown> };
  changed.mcpServers['added-later'] = { command: 'node' };
  const text = JSON.stringify(changed, null, 2);
  await writeFile(`${file}.tmp`, text);
  await rename(`${file}.tmp`, file);

  const failure = await refusal(undoEdit(home.dataDir, first.id));
  expect(failure).toBeInstanceOf(UndoRefusedError);
  expect(failure).toMatchObject({ code: 'changed_since' });
  expect((failure as Error).message).toContain('nothing was undone');
  expect(await readFile(file, 'utf8')).toBe(text);
  expect(await refusal(undoEdit(home.dataDir, 'no-such-id'))).toMatchObject({ code: 'unknown_edit' });
});

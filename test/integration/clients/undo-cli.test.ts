import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';

let home: TempHome | undefined;
afterEach(async () => {
  await home?.cleanup();
  home = undefined;
});

it('tether undo restores the file as it was before the last edit, then says there is nothing left', async () => {
  home = await createTempHome();
  const file = path.join(home.home, '.claude.json');
  const original = `${JSON.stringify({ mcpServers: { svc: { type: 'http', url: 'http://127.0.0.1:9/mcp' } } }, null, 2)}\n`;
  await writeFile(file, original, { mode: 0o600 });
  expect((await runCli(['wrap', 'svc'], home.env)).code).toBe(0);
  expect(await readFile(file, 'utf8')).toContain('bin/tether-proxy"');

  const listed = await runCli(['undo', '--list'], home.env);
  expect(listed.stdout).toMatch(/claude-code .*\.claude\.json {2}wrap svc\n/);
  const undone = await runCli(['undo'], home.env);
  expect(undone.stdout).toContain('undid wrap svc');
  expect(await readFile(file, 'utf8')).toBe(original);

  const again = await runCli(['undo'], home.env);
  expect(again.code).toBe(1);
  expect(again.stderr).toContain('no recorded edit left to undo');
}, 30_000);

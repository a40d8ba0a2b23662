import { spawn } from 'node:child_process';
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { TETHER_BIN, waitForOutput } from '../../helpers/run-cli.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';

let home: TempHome | undefined;
afterEach(async () => {
  await home?.cleanup();
  home = undefined;
});

it('tether servers --watch --json prints the list, then each change, until interrupted', async () => {
  home = await createTempHome();
  const file = path.join(home.home, '.claude.json');
  const write = async (servers: Record<string, unknown>): Promise<void> => {
    await writeFile(`${file}.tmp`, JSON.stringify({ mcpServers: servers }, null, 2));
    await rename(`${file}.tmp`, file);
  };
  await write({ one: { type: 'http', url: 'http://127.0.0.1:9/one' } });
  const child = spawn(process.execPath, [TETHER_BIN, 'servers', '--watch', '--json'], {
    env: home.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  await waitForOutput(child, /Ctrl\+C to stop/);
  await write({ two: { command: 'node' } });
  await waitForOutput(child, /"kind":"removed"/);
  child.kill('SIGINT');
  expect(await exited).toBe(0);
  const lines = stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { kind: string; server: { name: string } });
  expect(lines.map((line) => `${line.kind} ${line.server.name}`).sort()).toEqual([
    'added one',
    'added two',
    'removed one',
  ]);
}, 30_000);

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runClaude } from '../../helpers/claude-code-cli.js';
import { startReferenceServer, type ReferenceServer } from '../../helpers/reference-server.js';
import { runCli } from '../../helpers/run-cli.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';

let home: TempHome;
let server: ReferenceServer;

beforeAll(async () => {
  [home, server] = await Promise.all([createTempHome(), startReferenceServer('streamableHttp')]);
});
afterAll(async () => {
  await server?.stop();
  await home?.cleanup();
});

/** The `claude mcp list` line of one server, e.g. `ref: … - ✓ Connected`. */
async function listed(name: string): Promise<string> {
  const result = await runClaude(['mcp', 'list'], { ...home.env, MCP_TIMEOUT: '20000' }, { timeoutMs: 90_000 });
  expect(result.code, result.stderr).toBe(0);
  return result.stdout.split('\n').find((line) => line.startsWith(`${name}:`)) ?? `(no ${name} in) ${result.stdout}`;
}

it('after tether wrap the real Claude Code reports the wrapped server connected; unwrap restores the entry', async () => {
  const file = path.join(home.home, '.claude.json');
  const added = await runClaude(['mcp', 'add', '-s', 'user', '--transport', 'http', 'ref', server.url], home.env);
  expect(added.code, added.stderr).toBe(0);
  const entryOf = async (): Promise<string> => {
    const text = await readFile(file, 'utf8');
    const value = JSON.parse(text) as { mcpServers: Record<string, unknown> };
    return JSON.stringify(value.mcpServers['ref'], null, 2);
  };
  const original = await entryOf();
  const originalText = await readFile(file, 'utf8');

  const wrapped = await runCli(['wrap', 'ref', '--client', 'claude-code'], home.env);
  expect(wrapped.code, wrapped.stderr).toBe(0);
  expect(await entryOf()).toContain('bin/tether-proxy"');
  // The real Claude Code starts the launcher in the data folder, which runs this install's proxy.
  expect(await listed('ref')).toMatch(/\.tether-data\/bin\/tether-proxy --name ref http:\S+ - [✓✔] Connected$/);

  const unwrapped = await runCli(['unwrap', 'ref', '--client', 'claude-code'], home.env);
  expect(unwrapped.code, unwrapped.stderr).toBe(0);
  expect(await entryOf()).toBe(original);
  // Byte for byte where the entry sits (Claude Code may have rewritten other keys, e.g. its counters).
  const restored = await readFile(file, 'utf8');
  const at = (text: string) => text.slice(text.indexOf('"ref": {'), text.indexOf('}', text.indexOf('"ref": {')) + 1);
  expect(at(restored)).toBe(at(originalText));
}, 180_000);

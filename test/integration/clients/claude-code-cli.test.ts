import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { CLAUDE_CODE_VERSION, ensureClaudeCodeCli, runClaude } from '../../helpers/claude-code-cli.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';

let home: TempHome | undefined;
afterEach(async () => {
  await home?.cleanup();
  home = undefined;
});

it('installs the pinned Claude Code CLI on demand and runs it inside a temp home', async () => {
  const cli = await ensureClaudeCodeCli();
  expect(cli.version).toBe(CLAUDE_CODE_VERSION);
  home = await createTempHome();
  const added = await runClaude(['mcp', 'add', '-s', 'user', 'probe', '--', 'node', '-e', '1'], home.env);
  expect(added.code).toBe(0);
  const written = JSON.parse(await readFile(path.join(home.home, '.claude.json'), 'utf8')) as {
    mcpServers: Record<string, unknown>;
  };
  expect(written.mcpServers['probe']).toMatchObject({ command: 'node', args: ['-e', '1'] });
}, 300_000);

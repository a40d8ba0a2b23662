import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { ClientPathEnv } from '../../../electron/core/clients/client-paths.js';
import { cleanClaudeCode } from '../../../electron/core/config/cleaner.js';
import { protectedSnapshot } from '../../../electron/core/config/protected-keys.js';
import { unwrapServer, wrapServer } from '../../../electron/core/config/wrap.js';
import { runClaude } from '../../helpers/claude-code-cli.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';

let home: TempHome | undefined;
afterEach(async () => {
  await home?.cleanup();
  home = undefined;
});

const CLAUDE_ROUNDS = Number(process.env['TETHER_CLAUDE_ROUNDS'] ?? 24);
const runtime = {
  kind: 'node' as const,
  nodePath: process.execPath,
  tetherBin: '/fake/tether-mcp/bin/tether.mjs',
};

it('real Claude Code adds/removes servers while Tether wraps, unwraps and cleans the same file', async () => {
  home = await createTempHome();
  const env = home.env;
  const file = path.join(home.home, '.claude.json');
  expect(
    (
      await runClaude(
        ['mcp', 'add', '-s', 'user', '--transport', 'http', 'target', 'http://127.0.0.1:9/mcp'],
        env,
      )
    ).code,
  ).toBe(0);
  // Give the file the auth keys a logged-in user has (canaries), written the way Claude Code writes.
  const seeded = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  seeded['oauthAccount'] = { accountUuid: 'canary-account', emailAddress: 'canary@example.invalid' };
  seeded['hasCompletedOnboarding'] = true;
  seeded['customApiKeyResponses'] = { approved: ['canary-key-suffix'], rejected: [] };
  await writeFile(file, JSON.stringify(seeded, null, 2));
  const authBefore = protectedSnapshot(await readFile(file, 'utf8'));
  const dataDir = home.dataDir;
  const pathEnv: ClientPathEnv = {
    env,
    platform: 'linux',
    homeDir: home.home,
    systemRoot: path.join(home.home, 'sys'),
  };

  const expected = new Set<string>();
  let done = false;
  const stats = { claude: 0, wrap: 0, unwrap: 0, clean: 0, reads: 0, tetherErrors: [] as string[] };
  const started = performance.now();
  const claudeLoop = (async () => {
    for (let i = 0; i < CLAUDE_ROUNDS; i++) {
      const added = await runClaude(['mcp', 'add', '-s', 'user', `loop${i}`, '--', 'node', '-e', '1'], env);
      expect(added.code, added.stderr).toBe(0);
      expected.add(`loop${i}`);
      stats.claude++;
      if (i % 3 === 2) {
        const removed = await runClaude(['mcp', 'remove', '-s', 'user', `loop${i - 1}`], env);
        expect(removed.code, removed.stderr).toBe(0);
        expected.delete(`loop${i - 1}`);
        stats.claude++;
      }
    }
    done = true;
  })();
  const tetherLoop = (async () => {
    const options = { pathEnv, dataDir, runtime };
    // Claude Code writes without the lock when it finds it held (its documented fallback), so one of our
    // edits can be overwritten by its stale copy: then the entry is still wrapped, and we unwrap next.
    let wrapNext = true;
    while (!done) {
      try {
        if (wrapNext) {
          await wrapServer({ name: 'target', client: 'claude-code' }, options);
          stats.wrap++;
        } else {
          await unwrapServer({ name: 'target', client: 'claude-code' }, options);
          stats.unwrap++;
        }
        wrapNext = !wrapNext;
        await cleanClaudeCode(pathEnv, { dataDir, apply: true });
        stats.clean++;
      } catch (error) {
        stats.tetherErrors.push(String(error));
        const code = (error as { code?: string }).code;
        if (code === 'already_wrapped') wrapNext = false;
        else if (code === 'not_wrapped') wrapNext = true;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
  })();
  const readerLoop = (async () => {
    while (!done) {
      const text = await readFile(file, 'utf8');
      expect(() => JSON.parse(text) as unknown).not.toThrow();
      stats.reads++;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  await Promise.all([claudeLoop, tetherLoop, readerLoop]);
  const seconds = (performance.now() - started) / 1000;
  const kinds = [...new Set(stats.tetherErrors.map((error) => error.slice(0, 120)))].slice(0, 5);
  console.info(
    `[claude-code concurrency] ${seconds.toFixed(1)} s`,
    JSON.stringify({ ...stats, tetherErrors: stats.tetherErrors.length, kinds }),
  );

  const final = await readFile(file, 'utf8');
  const servers = Object.keys((JSON.parse(final) as { mcpServers: Record<string, unknown> }).mcpServers);
  for (const name of expected) expect(servers).toContain(name);
  expect(protectedSnapshot(final)).toBe(authBefore);
  expect(stats.wrap + stats.unwrap + stats.clean).toBeGreaterThan(100);
  const listed = await runClaude(['mcp', 'list'], env, { timeoutMs: 60_000 });
  expect(listed.stdout).toContain('target');
}, 180_000);

import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { PathEnv } from '../../electron/core/paths.js';
import type { TempHome } from './temp-home.js';

const FIXTURES = path.resolve('test/fixtures/logs/claude-code');

/** Lays a captured scenario out in a temp home the way Claude Code writes it on Linux. */
export async function installClaudeCodeScenario(
  home: TempHome,
  scenario: string,
  file: string,
  server = 'svc',
): Promise<string> {
  const dir = path.join(
    home.env['XDG_CACHE_HOME']!,
    'claude-cli-nodejs',
    '-home-dev-projects-acme',
    `mcp-logs-${server}`,
  );
  await mkdir(dir, { recursive: true });
  await copyFile(path.join(FIXTURES, 'claude.json'), path.join(home.home, '.claude.json'));
  const target = path.join(dir, file);
  await copyFile(path.join(FIXTURES, scenario, file), target);
  return target;
}

/** A PathEnv for a temp home on Linux. */
export function linuxPathEnv(home: TempHome): PathEnv {
  return { env: home.env, platform: 'linux', homeDir: home.home };
}

export const SCENARIOS = {
  idleCut: ['idle-cut-by-proxy-3s', '2026-11-21T00-14-45-023Z.jsonl'],
  outage: ['outage-during-calls', '2026-11-21T00-15-05-615Z.jsonl'],
  downAtStart: ['server-down-at-start', '2026-11-21T00-15-10-072Z.jsonl'],
  restart: ['server-restart', '2026-11-21T00-14-38-992Z.jsonl'],
  stdioKilled: ['stdio-server-killed', '2026-11-21T00-15-17-517Z.jsonl'],
} as const;

import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TempHome } from './temp-home.js';

const FIXTURES = path.resolve('test/fixtures/logs');

/** Secrets planted in the logs; none may reach the DOM, an export or a bundle. */
export const CANARIES = ['cnry-viewer-token', 'cnry-viewer-bearer'];

export type LogViewerHome = {
  /** The Claude Code log folder of a scenario (server name = scenario name). */
  claudeCodeDir(scenario: string): string;
  /** The file the tests append to (the given `server-restart` capture). */
  liveFile: string;
  canaryFile: string;
};

/**
 * A temp home holding real captures the way each client writes them on Linux: every Claude Code
 * scenario (given and our own, one server per scenario), Claude Desktop's `mcp.log` and a per-server
 * log, Cursor's per-server and legacy logs, and one Claude Code line carrying canary secrets.
 */
export async function installLogViewerHome(home: TempHome): Promise<LogViewerHome> {
  const cache = home.env['XDG_CACHE_HOME']!;
  const config = home.env['XDG_CONFIG_HOME']!;
  const claudeCodeDir = (scenario: string): string =>
    path.join(cache, 'claude-cli-nodejs', '-home-dev-projects-acme', `mcp-logs-${scenario}`);
  await copyFile(path.join(FIXTURES, 'claude-code', 'claude.json'), path.join(home.home, '.claude.json'));
  for (const entry of await readdir(path.join(FIXTURES, 'claude-code'), { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = claudeCodeDir(entry.name);
    await mkdir(dir, { recursive: true });
    for (const file of await readdir(path.join(FIXTURES, 'claude-code', entry.name)))
      await copyFile(path.join(FIXTURES, 'claude-code', entry.name, file), path.join(dir, file));
  }
  const desktop = path.join(config, 'Claude', 'logs');
  await mkdir(desktop, { recursive: true });
  for (const file of ['mcp.log', 'mcp-server-demo.log'])
    await copyFile(path.join(FIXTURES, 'claude-desktop', file), path.join(desktop, file));
  const cursor = path.join(
    config,
    'Cursor',
    'logs',
    '20261121T001400',
    'window1',
    'exthost',
    'anysphere.cursor-mcp',
  );
  await mkdir(cursor, { recursive: true });
  await copyFile(
    path.join(FIXTURES, 'cursor', 'MCP user-figma.log'),
    path.join(cursor, 'MCP user-figma.log'),
  );
  const canaryDir = claudeCodeDir('canary');
  await mkdir(canaryDir, { recursive: true });
  const canaryFile = path.join(canaryDir, '2026-11-21T01-00-00-000Z.jsonl');
  await writeFile(
    canaryFile,
    `${[
      `HTTP connection to https://mcp.example.com/mcp?token=${CANARIES[0]} failed`,
      `Sending request with Authorization: Bearer ${CANARIES[1]}`,
    ]
      .map((debug, index) =>
        JSON.stringify({
          debug,
          timestamp: `2026-11-21T01:00:0${index}.000Z`,
          sessionId: '11111111-2222-3333-4444-555555555555',
          cwd: '/home/dev/projects/acme',
        }),
      )
      .join('\n')}\n`,
  );
  const liveFile = path.join(claudeCodeDir('server-restart'), '2026-11-21T00-14-38-992Z.jsonl');
  return { claudeCodeDir, liveFile, canaryFile };
}

/** One Claude Code log line as the CLI writes it, stamped now (or at `time`). */
export function claudeCodeLine(debug: string, time = new Date()): string {
  return `${JSON.stringify({
    debug,
    timestamp: time.toISOString(),
    sessionId: '0adf7e06-9a19-4c72-b788-40359bce8c94',
    cwd: '/home/dev/projects/acme',
  })}\n`;
}

import { copyFile, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTimelines } from '../../../electron/core/timeline/build-timelines.js';
import type { ServerTimeline } from '../../../shared/timeline-model.js';
import { linuxPathEnv } from '../../helpers/claude-code-fixture-home.js';
import { FILE_FORMATS, layOutPublicLines, loadPublicLines } from '../../helpers/public-lines.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';
import { expectTimelineInvariants } from '../../helpers/timeline-invariants.js';

/**
 * The invariants of test/helpers/timeline-invariants.ts on every log fixture there is: each Claude
 * Code capture alone and all of them together (several processes of one server, read in file-
 * modification order), the Desktop and Cursor fixtures, every public line laid out as its client's
 * file, and the real proxy journals, with the proxy running, stopped and gone.
 */
const FIXTURES = path.resolve('test/fixtures/logs');
const CLAUDE_CODE = path.join(FIXTURES, 'claude-code');

let home: TempHome;
beforeEach(async () => {
  home = await createTempHome();
});
afterEach(() => home.cleanup());

async function claudeCodeScenarios(): Promise<string[]> {
  const entries = await readdir(CLAUDE_CODE, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

async function installScenario(scenario: string): Promise<void> {
  const dir = path.join(
    home.env['XDG_CACHE_HOME']!,
    'claude-cli-nodejs',
    '-home-dev-projects-acme',
    'mcp-logs-svc',
  );
  await mkdir(dir, { recursive: true });
  for (const file of await readdir(path.join(CLAUDE_CODE, scenario)))
    await copyFile(path.join(CLAUDE_CODE, scenario, file), path.join(dir, file));
}

async function installJournal(scenario: string, key = 'ref'): Promise<void> {
  const dir = path.join(home.dataDir, 'proxies', key);
  await mkdir(dir, { recursive: true });
  await copyFile(path.join(FIXTURES, 'tether', scenario, 'journal.jsonl'), path.join(dir, 'journal.jsonl'));
}

async function build(options: Parameters<typeof buildTimelines>[1] = {}): Promise<ServerTimeline[]> {
  const { timelines } = await buildTimelines(
    { pathEnv: linuxPathEnv(home), dataDir: home.dataDir, sinceMs: 0 },
    { nowMs: Date.parse('2026-12-31T00:00:00Z'), pidAlive: () => false, ...options },
  );
  expect(timelines.length).toBeGreaterThan(0);
  for (const timeline of timelines) expectTimelineInvariants(timeline);
  return timelines;
}

describe('timeline invariants hold on every fixture', () => {
  it('each Claude Code capture alone', async () => {
    for (const scenario of await claudeCodeScenarios()) {
      await home.cleanup();
      home = await createTempHome();
      await installScenario(scenario);
      await build();
    }
  });

  it('all Claude Code captures together: connections and events in time order, not file order', async () => {
    for (const scenario of await claudeCodeScenarios()) await installScenario(scenario);
    const [svc] = await build();
    expect(svc!.sessions.length).toBeGreaterThan(5);
  });

  it('the Claude Desktop and Cursor fixtures', async () => {
    const config = home.env['XDG_CONFIG_HOME']!;
    const desktop = path.join(config, 'Claude', 'logs');
    const cursor = path.join(config, 'Cursor', 'logs', '20250404T000000', 'window1', 'exthost');
    await mkdir(desktop, { recursive: true });
    await mkdir(path.join(cursor, 'anysphere.cursor-mcp'), { recursive: true });
    await mkdir(path.join(cursor, 'anysphere.cursor-always-local'), { recursive: true });
    for (const file of await readdir(path.join(FIXTURES, 'claude-desktop')))
      await copyFile(path.join(FIXTURES, 'claude-desktop', file), path.join(desktop, file));
    await copyFile(
      path.join(FIXTURES, 'cursor', 'MCP user-figma.log'),
      path.join(cursor, 'anysphere.cursor-mcp', 'MCP user-figma.log'),
    );
    await copyFile(
      path.join(FIXTURES, 'cursor', 'Cursor MCP.log'),
      path.join(cursor, 'anysphere.cursor-always-local', 'Cursor MCP.log'),
    );
    await build();
  });

  it('every public line from bug reports, laid out as its client wrote it', async () => {
    let index = 0;
    for (const source of await loadPublicLines())
      if (FILE_FORMATS.has(source.format)) await layOutPublicLines(home, source, ++index);
    const timelines = await build();
    expect(timelines.length).toBeGreaterThan(20);
  });

  it('real proxy journals: stopped, killed, and still running', async () => {
    await installJournal('outage-then-proxy-stop', 'stopped');
    await installJournal('outage-then-proxy-killed', 'killed');
    const gone = await build();
    expect(gone.map((timeline) => [timeline.server.name, timeline.status, timeline.proxy?.running])).toEqual([
      ['killed', 'unknown', false],
      ['stopped', 'unknown', false],
    ]);
    // The killed proxy's run, seen while its pid still runs and its journal is fresh: its journal state.
    const killed = gone.find((timeline) => timeline.server.name === 'killed')!;
    const running = await build({ nowMs: Date.parse(killed.lastSeen!) + 30_000, pidAlive: () => true });
    expect(running.find((timeline) => timeline.server.name === 'killed')).toMatchObject({
      status: 'connected',
      inferred: false,
      proxy: { running: true, live: false },
    });
  });
});

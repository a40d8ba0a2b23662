import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanLogs } from '../../../electron/core/logs/scan-logs.js';
import { timelinesFromEvents } from '../../../electron/core/timeline/build-timelines.js';
import type { LogEvent } from '../../../shared/log-events.js';
import { linuxPathEnv } from '../../helpers/claude-code-fixture-home.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';

const FIXTURES = path.resolve('test/fixtures/logs');
let home: TempHome;
beforeEach(async () => {
  home = await createTempHome();
});
afterEach(async () => home.cleanup());

async function scan(): Promise<{ events: LogEvent[]; malformed: number }> {
  const events: LogEvent[] = [];
  const summary = await scanLogs({ pathEnv: linuxPathEnv(home), dataDir: home.dataDir }, (event) =>
    events.push(event),
  );
  return { events, malformed: summary.malformed };
}

describe('Claude Desktop reader', () => {
  beforeEach(async () => {
    const dir = path.join(home.env['XDG_CONFIG_HOME']!, 'Claude', 'logs');
    await mkdir(dir, { recursive: true });
    for (const name of ['mcp.log', 'mcp-server-demo.log'])
      await copyFile(path.join(FIXTURES, 'claude-desktop', name), path.join(dir, name));
  });

  it('reads both line formats, names servers per line, keeps raw stderr as server_stderr', async () => {
    const { events, malformed } = await scan();
    expect(malformed).toBe(1);
    const perplexity = events
      .filter((event) => event.server.name === 'perplexity-mcp')
      .map((event) => event.kind);
    expect(perplexity).toEqual(['connecting', 'connected', 'disconnected', 'disconnected', 'disconnected']);
    expect(events.find((event) => event.server.name === 'neo4j')?.kind).toBe('connecting');
    const demo = events.filter((event) => event.server.name === 'demo');
    expect(demo.map((event) => event.kind)).toEqual([
      'connecting',
      'info',
      'server_stderr',
      'connected',
      'info',
      'tools_listed',
      'tool_call',
      'tool_ok',
      'disconnected',
    ]);
    expect(demo.find((event) => event.kind === 'tool_ok')).toMatchObject({ tool: 'add', ms: 250 });
    expect(demo.find((event) => event.kind === 'tools_listed')).toMatchObject({ count: 2 });
    expect(demo[2]).toMatchObject({
      message: 'Demo server running on stdio',
      time: '2025-03-10T17:03:18.764Z',
      source: { line: 3 },
    });
  });

  it('derives the timeline: the close is amended to unclean by the follow-up line', async () => {
    const { events } = await scan();
    const timelines = timelinesFromEvents(events, { nowMs: Date.parse('2025-03-12T18:00:00Z') });
    const perplexity = timelines.find((timeline) => timeline.server.name === 'perplexity-mcp')!;
    expect(perplexity.connections).toHaveLength(1);
    expect(perplexity.connections[0]).toMatchObject({ clean: false, uptimeS: 2 });
    const demo = timelines.find((timeline) => timeline.server.name === 'demo')!;
    expect(demo.connections[0]).toMatchObject({ clean: true, transport: 'stdio' });
    expect(demo.counters).toMatchObject({ toolCalls: 1, toolOk: 1 });
  });
});

describe('Cursor reader', () => {
  beforeEach(async () => {
    const exthost = path.join(
      home.env['XDG_CONFIG_HOME']!,
      'Cursor',
      'logs',
      '20251105T095900',
      'window1',
      'exthost',
    );
    await mkdir(path.join(exthost, 'anysphere.cursor-mcp'), { recursive: true });
    await mkdir(path.join(exthost, 'anysphere.cursor-always-local'), { recursive: true });
    await copyFile(
      path.join(FIXTURES, 'cursor', 'MCP user-figma.log'),
      path.join(exthost, 'anysphere.cursor-mcp', 'MCP user-figma.log'),
    );
    await copyFile(
      path.join(FIXTURES, 'cursor', 'Cursor MCP.log'),
      path.join(exthost, 'anysphere.cursor-always-local', 'Cursor MCP.log'),
    );
  });

  it('per-server channel: connect failure, connection, tool count and a dropped stream', async () => {
    const { events, malformed } = await scan();
    expect(malformed).toBe(0);
    const figma = events.filter((event) => event.server.name === 'figma');
    expect(figma[0]!.server).toEqual({ client: 'cursor', scope: 'user', name: 'figma' });
    expect(figma.map((event) => event.kind)).toEqual([
      'connecting',
      'info',
      'connect_failed',
      'error',
      'connect_failed',
      'connecting',
      // "Starting new stdio process with command: …" is part of connecting (same attempt).
      'connecting',
      'connected',
      'info',
      'tools_listed',
      'disconnected',
    ]);
    expect(figma.find((event) => event.kind === 'tools_listed')).toMatchObject({ count: 14 });
    expect(figma.find((event) => event.kind === 'connected')).toMatchObject({ transport: 'stdio' });
    const [timeline] = timelinesFromEvents(figma, { nowMs: Date.parse('2025-11-05T10:06:00') });
    expect(timeline).toMatchObject({ status: 'degraded', inferred: true });
    expect(timeline!.counters).toMatchObject({ connectFailures: 1, connects: 1, drops: 1 });
  });

  it('legacy channel: the 4-character server suffix names the server', async () => {
    const { events } = await scan();
    const legacy = events.filter((event) => event.source.file.endsWith('Cursor MCP.log'));
    expect(legacy.map((event) => [event.server.name, event.kind])).toEqual([
      ['ools', 'tools_listed'],
      ['MCP', 'connect_failed'],
    ]);
  });
});

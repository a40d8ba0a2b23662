import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogEvent } from '../../../shared/log-events.js';
import { scanLogs } from '../../../electron/core/logs/scan-logs.js';
import { buildTimelines } from '../../../electron/core/timeline/build-timelines.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';
import {
  installClaudeCodeScenario,
  linuxPathEnv,
  SCENARIOS,
} from '../../helpers/claude-code-fixture-home.js';

let home: TempHome;
beforeEach(async () => {
  home = await createTempHome();
});
afterEach(async () => home.cleanup());

async function eventsOf(scenario: readonly [string, string]): Promise<LogEvent[]> {
  await installClaudeCodeScenario(home, scenario[0], scenario[1]);
  const events: LogEvent[] = [];
  const summary = await scanLogs({ pathEnv: linuxPathEnv(home), dataDir: home.dataDir }, (event) =>
    events.push(event),
  );
  expect(summary.malformed).toBe(0);
  return events;
}

const NOW = Date.parse('2026-11-21T00:20:00Z');

describe('Claude Code reader on real captures', () => {
  it('maps the log folder back to the project and the local-scope server of ~/.claude.json', async () => {
    const events = await eventsOf(SCENARIOS.restart);
    expect(events[0]!.server).toEqual({
      client: 'claude-code',
      scope: 'local',
      project: '/home/dev/projects/acme',
      name: 'svc',
    });
    expect(events[0]!.source.line).toBe(1);
    expect(events[0]!.session).toBe('0adf7e06-9a19-4c72-b788-40359bce8c94');
  });

  it('server restart: connected, drops, session_expired, tool_error then a new connection', async () => {
    const events = await eventsOf(SCENARIOS.restart);
    const kinds = events.map((event) => event.kind);
    expect(events.find((event) => event.kind === 'connected')).toMatchObject({ transport: 'http', ms: 149 });
    expect(kinds).toContain('session_expired');
    expect(events.find((event) => event.kind === 'tool_error')).toMatchObject({
      tool: 'echo',
      error: 'MCP error -32000: Connection closed',
    });
    expect(
      events.filter((event) => event.kind === 'tool_ok').map((event) => event.kind === 'tool_ok' && event.ms),
    ).toEqual([76, 18, 21]);
    const { timelines } = await buildTimelines(
      { pathEnv: linuxPathEnv(home), dataDir: home.dataDir },
      { nowMs: NOW },
    );
    const [timeline] = timelines;
    expect(timeline!.connections).toHaveLength(2);
    expect(timeline!.connections[0]).toMatchObject({
      clean: false,
      // Closed when the session expired (41.397), 1.9 s after it connected (39.485); the client's own
      // "closed after 1s" line that follows rounds down.
      uptimeS: 1.9,
      endReason: expect.stringContaining('closed with errors'),
    });
    expect(timeline!.counters).toMatchObject({
      connects: 2,
      sessionExpired: 1,
      toolCalls: 4,
      toolOk: 3,
      toolErrors: 1,
    });
    expect(timeline!.status).toBe('connected');
    expect(timeline!.inferred).toBe(true);
  });

  it('idle cut: unclean drops measured at ~3 s from the previous (re)connect', async () => {
    const events = await eventsOf(SCENARIOS.idleCut);
    const drops = events.filter((event) => event.kind === 'disconnected' && !event.final);
    expect(drops.map((event) => event.kind === 'disconnected' && event.uptimeS)).toEqual([3, 4, 4, 7]);
    const { timelines } = await buildTimelines(
      { pathEnv: linuxPathEnv(home), dataDir: home.dataDir },
      { nowMs: NOW },
    );
    const ages = timelines[0]!.disconnectAgesS;
    expect(ages.filter((age) => age >= 2.5 && age <= 3.5)).toHaveLength(2);
    expect(timelines[0]!.counters.drops).toBe(4);
  });

  it('server down at start: three failed attempts, no connection, upstream-down', async () => {
    const events = await eventsOf(SCENARIOS.downAtStart);
    const failed = events.filter((event) => event.kind === 'connect_failed');
    expect(failed[0]).toMatchObject({
      reason:
        'Unable to connect. Is the computer able to access the url? (code: ConnectionRefused, errno: none)',
    });
    const { timelines } = await buildTimelines(
      { pathEnv: linuxPathEnv(home), dataDir: home.dataDir },
      { nowMs: NOW },
    );
    expect(timelines[0]!.counters).toMatchObject({ connectAttempts: 3, connectFailures: 3, connects: 0 });
    expect(timelines[0]!.status).toBe('upstream-down');
  });

  it('stdio server killed: stderr is not an error, clean close then a second connection', async () => {
    const events = await eventsOf(SCENARIOS.stdioKilled);
    const stderr = events.filter((event) => event.kind === 'server_stderr');
    expect(stderr).toHaveLength(2);
    expect(stderr.every((event) => event.level === 'info')).toBe(true);
    expect(events.find((event) => event.kind === 'connected')).toMatchObject({ transport: 'stdio', ms: 663 });
    const { timelines } = await buildTimelines(
      { pathEnv: linuxPathEnv(home), dataDir: home.dataDir },
      { nowMs: NOW },
    );
    expect(timelines[0]!.connections.map((c) => c.clean)).toEqual([true, undefined]);
    expect(timelines[0]!.stderrTail).toEqual([
      'Starting default (STDIO) server...',
      'Starting default (STDIO) server...',
    ]);
  });

  it('outage during calls: tool errors carry the reason, and the connection closes with errors', async () => {
    const events = await eventsOf(SCENARIOS.outage);
    expect(events.filter((event) => event.kind === 'tool_error')).toHaveLength(2);
    const { timelines } = await buildTimelines(
      { pathEnv: linuxPathEnv(home), dataDir: home.dataDir },
      { nowMs: NOW },
    );
    expect(timelines[0]!.connections[0]).toMatchObject({ clean: false });
    expect(timelines[0]!.status).toBe('upstream-down');
  });

  it('missing folders are fine', async () => {
    const summary = await scanLogs({ pathEnv: linuxPathEnv(home), dataDir: home.dataDir }, () => undefined);
    expect(summary).toMatchObject({ events: 0, problems: [] });
  });
});

import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogEvent } from '../../../shared/log-events.js';
import type { ServerTimeline } from '../../../shared/timeline-model.js';
import { diagnose } from '../../../electron/core/diagnose/diagnose.js';
import { scanLogs } from '../../../electron/core/logs/scan-logs.js';
import { buildTimelines } from '../../../electron/core/timeline/build-timelines.js';
import { installClaudeCodeScenario, linuxPathEnv } from '../../helpers/claude-code-fixture-home.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';

// Captured from the real Claude Code CLI (2.1.197) under faults we create:
// scripts/capture-claude-code-fixtures.mjs (test/fixtures/logs/claude-code/capture.ts). The *-own
// scenarios are one `claude -p` session each, the fault injected between two tool calls.

let home: TempHome;
beforeEach(async () => {
  home = await createTempHome();
});
afterEach(async () => home.cleanup());

const NOW = Date.parse('2026-11-21T04:00:00Z');

async function load(
  scenario: string,
  nowMs = NOW,
): Promise<{ events: LogEvent[]; timeline: ServerTimeline }> {
  const files = await readdir(path.resolve('test/fixtures/logs/claude-code', scenario));
  for (const file of files) await installClaudeCodeScenario(home, scenario, file);
  const events: LogEvent[] = [];
  const scope = { pathEnv: linuxPathEnv(home), dataDir: home.dataDir };
  const summary = await scanLogs(scope, (event) => events.push(event));
  expect(summary.malformed).toBe(0);
  const { timelines } = await buildTimelines(scope, { nowMs });
  expect(timelines).toHaveLength(1);
  return { events, timeline: timelines[0]! };
}

const rulesOf = (timeline: ServerTimeline): string[] => diagnose(timeline).map((finding) => finding.rule);

/** Every event that is not plain `info`, as `kind` (the classifier's whole verdict on a capture). */
const kindsOf = (events: LogEvent[]): string[] =>
  events.filter((event) => event.kind !== 'info').map((event) => event.kind);

/** The later captures (07:29–07:31 UTC) are read a little after they were made. */
const LATER = Date.parse('2026-11-21T08:00:00Z');

describe('Claude Code fault captures', () => {
  it('401: OAuth discovery is read as auth_required, the status is needs-auth, the auth rule fires', async () => {
    const { events, timeline } = await load('http-401');
    expect(events.map((event) => event.kind)).toEqual(
      expect.arrayContaining(['connecting', 'auth_required', 'connect_failed']),
    );
    expect(events.find((event) => event.kind === 'connect_failed')).toMatchObject({
      reason: 'Missing or invalid access token (code: none, errno: none)',
    });
    expect(timeline.counters).toMatchObject({ connectAttempts: 1, connectFailures: 1, authRequired: 1 });
    expect(timeline.status).toBe('needs-auth');
    expect(rulesOf(timeline)).toContain('auth');
  });

  it('406: the status code is read from "(code: 406", the Accept rule fires', async () => {
    const { events, timeline } = await load('http-406');
    const failed = events.filter((event) => event.kind === 'connect_failed');
    expect(failed[0]!.kind === 'connect_failed' && failed[0]!.reason).toContain('Not Acceptable');
    expect(failed[0]).toMatchObject({ httpStatus: 406 });
    expect(timeline.httpStatuses).toMatchObject({ '406': 1 });
    expect(timeline.status).toBe('upstream-down');
    expect(rulesOf(timeline)).toContain('accept-406');
    expect(rulesOf(timeline)).not.toContain('rate-limit');
  });

  it('429: rate limiting is recognised and the rate-limit rule fires', async () => {
    const { events, timeline } = await load('http-429');
    expect(events.find((event) => event.kind === 'connect_failed')).toMatchObject({ httpStatus: 429 });
    expect(timeline.counters.connectFailures).toBe(1);
    expect(rulesOf(timeline)).toContain('rate-limit');
    expect(rulesOf(timeline)).not.toContain('accept-406');
  });

  it('DNS failure: Claude Code words it like a refused connection; down-at-start fires and names DNS', async () => {
    const { events, timeline } = await load('dns-failure');
    expect(events.find((event) => event.kind === 'connect_failed')).toMatchObject({
      reason: expect.stringContaining('ConnectionRefused'),
    });
    expect(timeline.connections).toHaveLength(0);
    const finding = diagnose(timeline).find((candidate) => candidate.rule === 'down-at-start');
    expect(finding?.remedy).toContain('resolves');
  });

  it('stdio crash loop: three starts die before the handshake; crash-loop fires with the stderr', async () => {
    const { events, timeline } = await load('stdio-crash-loop');
    expect(events.filter((event) => event.kind === 'server_stderr')).toHaveLength(3);
    expect(events.filter((event) => event.kind === 'connecting')).toHaveLength(3);
    expect(timeline.counters).toMatchObject({ connectAttempts: 3, connectFailures: 3, connects: 0 });
    expect(timeline.stderrTail.at(-1)).toContain('GITHUB_PERSONAL_ACCESS_TOKEN is not set');
    const finding = diagnose(timeline).find((candidate) => candidate.rule === 'crash-loop');
    expect(finding?.title).toContain('3 exits');
    expect(finding?.explanation).toContain('GITHUB_PERSONAL_ACCESS_TOKEN is not set');
    expect(finding?.evidence).toHaveLength(3);
  });

  it('an HTTP server that refuses connections is not called a crash loop', async () => {
    const { timeline } = await load('server-down-at-start');
    expect(rulesOf(timeline)).not.toContain('crash-loop');
  });

  it('connection refused (closed loopback port): one failed attempt, upstream-down, down-at-start but not DNS', async () => {
    const { events, timeline } = await load('connection-refused', LATER);
    expect(kindsOf(events)).toEqual([
      'connecting',
      'connect_failed',
      'error',
      'connect_failed',
      'connect_failed',
    ]);
    const failed = events.find((event) => event.kind === 'connect_failed');
    expect(failed).toMatchObject({
      reason:
        'Unable to connect. Is the computer able to access the url? (code: ConnectionRefused, errno: none)',
    });
    expect(failed).not.toHaveProperty('httpStatus');
    expect(timeline.connections).toEqual([]);
    expect(timeline.counters).toMatchObject({ connectAttempts: 1, connectFailures: 1, connects: 0 });
    expect(timeline.status).toBe('upstream-down');
    expect(diagnose(timeline).find((finding) => finding.rule === 'down-at-start')?.severity).toBe('error');
    expect(rulesOf(timeline)).not.toContain('dns-ipv6');
    expect(rulesOf(timeline)).not.toContain('crash-loop');
  });

  it('server restart between two calls: drop, 400 session_expired, tool_error, new connection, stale-session fires', async () => {
    const { events, timeline } = await load('server-restart-own', LATER);
    expect(kindsOf(events)).toEqual([
      'connecting',
      'connected',
      'tool_call',
      'tool_ok',
      // The GET stream dies with the old process…
      'disconnected',
      'error',
      'error',
      // …and the next call's POST gets the new process's 400 "No valid session ID".
      'tool_call',
      'disconnected',
      'error',
      'session_expired',
      'disconnected',
      'tool_error',
      // "MCP session expired during tool call …" echoes the expiry above: info, not a second one.
      'connecting',
      'connected',
      'tool_call',
      'tool_ok',
    ]);
    const drops = events.filter((event) => event.kind === 'disconnected');
    expect(drops.map((event) => event.kind === 'disconnected' && [event.clean, event.final])).toEqual([
      [false, false],
      [false, false],
      [false, true],
    ]);
    expect(events.find((event) => event.kind === 'tool_error')).toMatchObject({
      tool: 'echo',
      error: 'MCP error -32000: Connection closed',
    });
    expect(
      events
        .filter((event) => event.kind === 'connected')
        .map((event) => event.kind === 'connected' && event.ms),
    ).toEqual([94, 63]);
    expect(timeline.connections).toHaveLength(2);
    expect(timeline.connections[0]).toMatchObject({
      clean: false,
      drops: 2,
      endReason: expect.stringContaining('No valid session ID'),
    });
    expect(timeline.connections[1]!.end).toBeUndefined();
    expect(timeline.counters).toMatchObject({
      connects: 2,
      sessionExpired: 1,
      toolCalls: 3,
      toolOk: 2,
      toolErrors: 1,
      drops: 2,
    });
    expect(timeline.status).toBe('connected');
    const finding = diagnose(timeline).find((candidate) => candidate.rule === 'stale-session');
    expect(finding?.title).toMatch(/400 instead of 404/);
  });

  it('stdio server SIGKILLed between two calls: Claude Code logs a clean close, then starts it again', async () => {
    const { events, timeline } = await load('stdio-server-killed-own', LATER);
    expect(kindsOf(events)).toEqual([
      'connecting',
      'server_stderr',
      'connected',
      'tool_call',
      'tool_ok',
      'disconnected',
      'connecting',
      'server_stderr',
      'connected',
      'tool_call',
      'tool_ok',
    ]);
    expect(
      events.filter((event) => event.kind === 'server_stderr').every((event) => event.level === 'info'),
    ).toBe(true);
    expect(events.find((event) => event.kind === 'connected')).toMatchObject({ transport: 'stdio', ms: 439 });
    // 2.1.197 says "STDIO connection closed after 0s (cleanly)" for a SIGKILL: no exit code, no signal.
    expect(events.find((event) => event.kind === 'disconnected')).toMatchObject({
      transport: 'stdio',
      uptimeS: 0,
      clean: true,
      final: true,
    });
    expect(
      timeline.connections.map((connection) => [
        connection.transport,
        connection.clean,
        connection.endReason,
      ]),
    ).toEqual([
      ['stdio', true, 'closed'],
      ['stdio', undefined, undefined],
    ]);
    expect(timeline.counters).toMatchObject({
      connects: 2,
      toolOk: 2,
      toolErrors: 0,
      stderrLines: 2,
      errors: 0,
    });
    expect(timeline.stderrTail).toEqual([
      'Starting default (STDIO) server...',
      'Starting default (STDIO) server...',
    ]);
    expect(timeline.status).toBe('connected');
    // One exit is not a crash loop, and stderr alone is not an error; but a server that ended while its
    // client was using it is worth a finding (a warning: the client started it again, no call failed).
    expect(rulesOf(timeline)).toEqual(['server-exited']);
    expect(diagnose(timeline)[0]).toMatchObject({ severity: 'warning' });
  });

  it('real nginx idle cut (proxy_read_timeout 3 s): two unclean drops ~3 s apart, idle-cut fires at ~3 s', async () => {
    const { events, timeline } = await load('nginx-idle-cut-own', LATER);
    const drops = events.filter((event) => event.kind === 'disconnected');
    expect(
      drops.map((event) => event.kind === 'disconnected' && [event.uptimeS, event.clean, event.final]),
    ).toEqual([
      [3, false, false],
      [7, false, false],
      [10, false, true],
    ]);
    expect(events.filter((event) => event.kind === 'tool_ok')).toHaveLength(2);
    expect(events.filter((event) => event.kind === 'tool_error')).toHaveLength(0);
    expect(timeline.connections).toHaveLength(1);
    expect(timeline.connections[0]).toMatchObject({
      transport: 'http',
      drops: 2,
      clean: false,
      uptimeS: 10,
      endReason: 'closed with errors: Terminal connection error 2/3',
    });
    // Each cut from its stream's (re)open: from the connect to the first cut, then from the re-open
    // (Claude Code's token lookup 1 s after the cut) to the next; drop to drop would be 4 s. The close
    // at exit is not a cut.
    expect(timeline.disconnectAgesS).toEqual([3.4, 3]);
    expect(timeline.cuts?.map((cut) => cut.line)).toEqual([24, 28]);
    expect(timeline.counters).toMatchObject({ connects: 1, drops: 2, toolOk: 2, toolErrors: 0 });
    const finding = diagnose(timeline).find((candidate) => candidate.rule === 'idle-cut');
    expect(finding?.title).toMatch(/every ~3 s/);
    expect(finding?.severity).toBe('error');
  });
});

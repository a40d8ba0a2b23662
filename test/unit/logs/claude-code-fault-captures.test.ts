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

// Captured from the real Claude Code CLI (2.1.197) behind the fault layer:
// scripts/capture-claude-code-fixtures.mjs (test/fixtures/logs/claude-code/capture.ts).

let home: TempHome;
beforeEach(async () => {
  home = await createTempHome();
});
afterEach(async () => home.cleanup());

const NOW = Date.parse('2026-11-21T04:00:00Z');

async function load(scenario: string): Promise<{ events: LogEvent[]; timeline: ServerTimeline }> {
  const files = await readdir(path.resolve('test/fixtures/logs/claude-code', scenario));
  for (const file of files) await installClaudeCodeScenario(home, scenario, file);
  const events: LogEvent[] = [];
  const scope = { pathEnv: linuxPathEnv(home), dataDir: home.dataDir };
  const summary = await scanLogs(scope, (event) => events.push(event));
  expect(summary.malformed).toBe(0);
  const { timelines } = await buildTimelines(scope, { nowMs: NOW });
  expect(timelines).toHaveLength(1);
  return { events, timeline: timelines[0]! };
}

const rulesOf = (timeline: ServerTimeline): string[] => diagnose(timeline).map((finding) => finding.rule);

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
});

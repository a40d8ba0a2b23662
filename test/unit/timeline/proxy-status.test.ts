import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTimelines } from '../../../electron/core/timeline/build-timelines.js';
import type { ServerTimeline } from '../../../shared/timeline-model.js';
import { linuxPathEnv } from '../../helpers/claude-code-fixture-home.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';

/**
 * A status that is true (issue 11, item 1), on real proxy journals (scripts/capture-proxy-journals.mjs):
 * once the proxy stopped or is gone, the wrapped server is not `connected` and says what it was.
 */
let home: TempHome;
beforeEach(async () => {
  home = await createTempHome();
});
afterEach(() => home.cleanup());

async function proxyTimeline(
  scenario: string,
  options: { nowMs?: number; alive?: boolean } = {},
): Promise<ServerTimeline> {
  const dir = path.join(home.dataDir, 'proxies', 'ref');
  await mkdir(dir, { recursive: true });
  await copyFile(
    path.resolve('test/fixtures/logs/tether', scenario, 'journal.jsonl'),
    path.join(dir, 'journal.jsonl'),
  );
  const { timelines } = await buildTimelines(
    { pathEnv: linuxPathEnv(home), dataDir: home.dataDir, sinceMs: 0 },
    { nowMs: options.nowMs ?? Date.parse('2026-12-31T00:00:00Z'), pidAlive: () => options.alive ?? false },
  );
  return timelines[0]!;
}

describe('the status of a wrapped server whose proxy is not running', () => {
  it('the journal ends with "proxy stopped": no client attached now, with the last session', async () => {
    const timeline = await proxyTimeline('outage-then-proxy-stop');
    expect(timeline.status).toBe('unknown');
    expect(timeline.statusReason).toMatch(
      /^no client attached now \(the proxy stopped at \S+Z\); last session: \S+Z–\S+Z \(3\d s\), ended connected; 5 call\(s\) ok, 1 failed$/,
    );
    expect(timeline.proxy).toMatchObject({
      running: false,
      lastRun: { ending: 'stopped', callsOk: 5, callsFailed: 1 },
    });
    expect(timeline.connections.at(-1)).toMatchObject({ endReason: 'proxy stopped', clean: true });
    expect(timeline.connections.every((connection) => connection.end)).toBe(true);
    expect(timeline.counters).toMatchObject({
      connects: 2,
      disconnects: 2,
      uncleanDisconnects: 1,
      toolCalls: 6,
    });
  });

  it('the journal ends without a goodbye and the pid is gone: killed, crashed or hung', async () => {
    const timeline = await proxyTimeline('outage-then-proxy-killed');
    expect(timeline.status).toBe('unknown');
    expect(timeline.statusReason).toMatch(
      /^no client attached now \(the proxy \(pid \d+\) is gone since \S+Z without saying goodbye: killed, crashed or hung\); last session: .*, ended connected; 5 call\(s\) ok, 1 failed$/,
    );
    expect(timeline.connections.at(-1)!.endReason).toMatch(/^proxy gone \(pid \d+ no longer running\)$/);
    expect(timeline.connections.at(-1)!.clean).toBe(false);
  });

  it('a pid that runs but a journal silent for minutes is not a running proxy (pids are reused)', async () => {
    const timeline = await proxyTimeline('outage-then-proxy-killed', { alive: true });
    expect(timeline.proxy?.running).toBe(false);
    expect(timeline.status).toBe('unknown');
  });

  it('a proxy still running (pid alive, journal fresh) shows its journal state, not live', async () => {
    const first = await proxyTimeline('outage-then-proxy-killed');
    const timeline = await proxyTimeline('outage-then-proxy-killed', {
      nowMs: Date.parse(first.lastSeen!) + 20_000,
      alive: true,
    });
    expect(timeline).toMatchObject({
      status: 'connected',
      inferred: false,
      proxy: { running: true, live: false },
    });
    expect(timeline.statusReason).toMatch(
      /^proxy running \(pid \d+\), from its journal: connected since \S+Z$/,
    );
    expect(timeline.connections.at(-1)!.end).toBeUndefined();
  });

  it('a proxy that ended while the upstream was down says so, with how long', async () => {
    const timeline = await proxyTimeline('outage-then-proxy-stop');
    const run = timeline.proxy!.lastRun!;
    // Cut the journal at the failed call: the same run, ended during the outage.
    expect(run.lastState).toBe('connected');
    const { lastSessionText } = await import('../../../electron/core/timeline/proxy-status.js');
    expect(
      lastSessionText({
        ...run,
        lastState: 'upstream-down',
        outageSince: '2026-12-04T18:21:11.835Z',
        endedAt: '2026-12-04T18:21:43.835Z',
        lastStateMessage:
          'ref: upstream unavailable (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:41000); attempt 18, retrying',
      }),
    ).toMatch(
      /ended with the upstream unreachable for the last 32 s \(ECONNREFUSED: connect ECONNREFUSED 127\.0\.0\.1:41000\); 5 call\(s\) ok, 1 failed$/,
    );
  });
});

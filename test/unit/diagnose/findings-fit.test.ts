import { copyFile, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diagnose, type Finding } from '../../../electron/core/diagnose/diagnose.js';
import { buildTimelines } from '../../../electron/core/timeline/build-timelines.js';
import type { ServerTimeline } from '../../../shared/timeline-model.js';
import { linuxPathEnv } from '../../helpers/claude-code-fixture-home.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';

/**
 * Findings that fit the server (issue 11, item 2), on real captures: the Claude Code CLI's logs and
 * real `tether proxy` journals (scripts/capture-proxy-journals.mjs).
 */
const FIXTURES = path.resolve('test/fixtures/logs');
const LATER = Date.parse('2026-12-31T00:00:00Z');

let home: TempHome;
beforeEach(async () => {
  home = await createTempHome();
});
afterEach(() => home.cleanup());

async function installClaudeCode(...scenarios: string[]): Promise<void> {
  const dir = path.join(
    home.env['XDG_CACHE_HOME']!,
    'claude-cli-nodejs',
    '-home-dev-projects-acme',
    'mcp-logs-svc',
  );
  await mkdir(dir, { recursive: true });
  for (const scenario of scenarios)
    for (const file of await readdir(path.join(FIXTURES, 'claude-code', scenario)))
      await copyFile(path.join(FIXTURES, 'claude-code', scenario, file), path.join(dir, file));
}

async function installJournal(scenario: string): Promise<void> {
  const dir = path.join(home.dataDir, 'proxies', 'ref');
  await mkdir(dir, { recursive: true });
  await copyFile(path.join(FIXTURES, 'tether', scenario, 'journal.jsonl'), path.join(dir, 'journal.jsonl'));
}

async function timelines(): Promise<ServerTimeline[]> {
  const built = await buildTimelines(
    { pathEnv: linuxPathEnv(home), dataDir: home.dataDir, sinceMs: 0 },
    { nowMs: LATER, pidAlive: () => false },
  );
  return built.timelines;
}

const byRule = (findings: Finding[], rule: string): Finding | undefined =>
  findings.find((finding) => finding.rule === rule);

describe('findings that fit the server', () => {
  it('the outage-during-calls capture: two calls failed with "Unable to connect" is a finding', async () => {
    await installClaudeCode('outage-during-calls');
    const [timeline] = await timelines();
    const finding = byRule(diagnose(timeline!), 'calls-failed-unreachable');
    expect(finding).toMatchObject({ severity: 'error' });
    expect(finding!.title).toMatch(
      /^2 tool calls failed between 00:15:06Z and 00:15:07Z: the server could not be reached \(Unable to connect\)/,
    );
    expect(finding!.evidence.filter((evidence) => /Tool 'echo' failed/.test(evidence.message))).toHaveLength(
      2,
    );
    expect(finding!.remedy).toMatch(/tether wrap NAME/);
  });

  it('a SIGKILLed stdio server: a warning when the client started it again, an error when a call failed', async () => {
    await installClaudeCode('stdio-server-killed');
    const killed = byRule(diagnose((await timelines())[0]!), 'server-exited');
    expect(killed).toMatchObject({ severity: 'warning' });
    expect(killed!.title).toMatch(
      /ended during the session \(1 time, last at 00:15:19Z\); the client started it again/,
    );
    expect(killed!.evidence.map((evidence) => evidence.message)).toContain(
      'STDIO connection closed after 0s (cleanly)',
    );

    await home.cleanup();
    home = await createTempHome();
    await installClaudeCode('stdio-server-killed-mid-call');
    const midCall = byRule(diagnose((await timelines())[0]!), 'server-exited');
    expect(midCall).toMatchObject({ severity: 'error' });
    expect(midCall!.title).toMatch(/ended during a call at \d\d:\d\d:\d\dZ; 1 call failed/);
    expect(
      midCall!.evidence.some((evidence) =>
        /Tool 'trigger-long-running-operation' failed/.test(evidence.message),
      ),
    ).toBe(true);
  });

  it('a server that comes back with 0 tools after a restart (real Claude Code capture)', async () => {
    await installClaudeCode('empty-tools-after-restart');
    const finding = byRule(diagnose((await timelines())[0]!), 'empty-tools');
    expect(finding).toMatchObject({ severity: 'warning' });
    const messages = finding!.evidence.map((evidence) => evidence.message);
    expect(messages[0]).toMatch(/"hasTools":true/);
    expect(messages.at(-1)).toMatch(/"hasTools":false/);
    expect(messages.some((message) => /MCP session expired/.test(message))).toBe(true);
  });

  it('several captures together: the idle-cut evidence is the cuts of the cluster, not other drops', async () => {
    await installClaudeCode(
      'idle-cut-by-proxy-3s',
      'outage-during-calls',
      'server-down-at-start',
      'server-restart',
      'stdio-server-killed',
    );
    const [timeline] = await timelines();
    const finding = byRule(diagnose(timeline!), 'idle-cut');
    expect(finding!.title).toMatch(/every ~3 s/);
    expect(finding!.evidence.length).toBeGreaterThanOrEqual(2);
    for (const evidence of finding!.evidence) {
      expect(evidence.file).toMatch(/2026-11-21T00-14-45-023Z\.jsonl$/);
      expect(evidence.message).toMatch(/dropped after [37]s uptime \(3(?:\.\d)? s after the stream opened\)/);
    }
  });

  it('nginx proxy_read_timeout 3 s, cut again and again: ~3 s (from the re-open), not ~4 s (drop to drop)', async () => {
    await installClaudeCode('nginx-idle-cut-long');
    const [timeline] = await timelines();
    expect(timeline!.cuts?.map((cut) => [cut.ageS, cut.from])).toEqual([
      [3.9, 'connect'],
      [3, 'reopen'],
    ]);
    expect(byRule(diagnose(timeline!), 'idle-cut')!.title).toMatch(/every ~3 s/);
  });

  it('the down-at-start remedy says what the proxy really does with nothing cached', async () => {
    await installClaudeCode('server-down-at-start');
    const finding = byRule(diagnose((await timelines())[0]!), 'down-at-start');
    expect(finding!.remedy).not.toMatch(/attach immediately/);
    expect(finding!.remedy).toMatch(
      /holds `initialize` until the server answers or until shortly before the client's start-up timeout/,
    );
    expect(finding!.remedy).toMatch(/`list_changed`/);
    // What the client then gets (issue 18): an error for the list, not an empty one passing for the server's.
    expect(finding!.remedy).toMatch(/never an empty list/);
    expect(finding!.remedy).toMatch(/--startup-wait/);
  });

  it('a wrapped server gets no advice to wrap it, whatever its client logs say', async () => {
    await installClaudeCode(
      ...(await readdir(path.join(FIXTURES, 'claude-code'), { withFileTypes: true }))
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name),
    );
    const [timeline] = await timelines();
    const unwrapped = diagnose(timeline!, undefined, { wrapped: false });
    expect(unwrapped.some((finding) => /tether wrap/.test(finding.remedy))).toBe(true);
    const wrapped = diagnose(timeline!, undefined, { wrapped: true });
    expect(wrapped.length).toBeGreaterThan(3);
    for (const finding of wrapped) expect(`${finding.rule}: ${finding.remedy}`).not.toMatch(/tether wrap/);
  });

  it('a proxy journal: the outage and the calls it cost, until the proxy stopped; no stale-session warning, no wrap advice', async () => {
    await installJournal('outage-then-proxy-stop');
    const [proxy] = await timelines();
    expect(proxy!.server.client).toBe('tether');
    const findings = diagnose(proxy!);
    expect(findings.map((finding) => finding.rule)).not.toContain('stale-session');
    for (const finding of findings) expect(finding.remedy).not.toMatch(/tether wrap/);
    const outage = byRule(findings, 'outage');
    expect(outage).toMatchObject({ severity: 'error' });
    expect(outage!.title).toMatch(
      /^The upstream was unreachable for (?:(?:1\d|2\d)–)?(2\d|3\d) s \(\d\d:\d\d:\d\dZ–\d\d:\d\d:\d\dZ\): ECONNREFUSED[^;]*; 1 call failed \(not executed\)$/,
    );
    expect(
      outage!.evidence.some((evidence) =>
        /tools\/call echo proxy-error .*not executed/.test(evidence.message),
      ),
    ).toBe(true);
    expect(outage!.remedy).toMatch(/--budget/);
    expect(byRule(findings, 'proxy-recovered')!.title).toMatch(
      /^The proxy recovered 1 lost connection; \d+ calls? replayed, 1 call lost$/,
    );
  });

  it('a proxy journal with two server restarts: recovered 2 stale sessions, 0 calls lost; nothing to warn about', async () => {
    await installJournal('restarts-recovered');
    const findings = diagnose((await timelines())[0]!);
    expect(findings.map((finding) => [finding.rule, finding.severity])).toEqual([
      ['proxy-recovered', 'info'],
    ]);
    expect(findings[0]!.title).toMatch(
      /^The proxy recovered 2 stale sessions; 2 calls replayed, 0 calls lost$/,
    );
  });
});

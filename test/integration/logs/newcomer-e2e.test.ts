import { copyFile, mkdir, readdir, readFile, utimes } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerTimeline } from '../../../shared/timeline-model.js';
import { runClaude } from '../../helpers/claude-code-cli.js';
import { startReferenceServer, type ReferenceServer } from '../../helpers/reference-server.js';
import { runCli } from '../../helpers/run-cli.js';
import { startStandInModelApi, type ScriptedToolCall } from '../../helpers/stand-in-model-api.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';
import { expectTimelineInvariants } from '../../helpers/timeline-invariants.js';

/**
 * The newcomer sequence of issue 11, end to end with real parts: the given Claude Code captures of a
 * server `svc`, plus a server `ref` (the real reference server) added with `claude mcp add`, wrapped
 * with `tether wrap`, and used by the real Claude Code CLI (`claude -p` against the stand-in model
 * API) through the real `tether proxy`: one call, the server killed for 30 s with a call made during
 * the outage, one call after it came back, then the session ends and the proxy with it. What
 * `tether timeline` and `tether explain` say afterwards is what a support engineer would sign.
 */
const CAPTURES = path.resolve('test/fixtures/logs/claude-code');
const OUTAGE_MS = 30_000;
const echo = (message: string): ScriptedToolCall => ({ name: 'mcp__ref__echo', input: { message } });
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

let home: TempHome;
let server: ReferenceServer;
let project: string;
let timelines: ServerTimeline[];
let explained: Array<{ server: { name: string; client: string }; status: string; findings: Finding[] }>;
let explainText: string;
let session: { code: number; results: string[]; errors: boolean[]; stderr: string };
let outage: { from: number; to: number };
type Finding = {
  rule: string;
  severity: string;
  title: string;
  explanation: string;
  remedy: string;
  evidence: Array<{ file: string; message: string }>;
};

async function installGivenCaptures(): Promise<void> {
  const dir = path.join(
    home.env['XDG_CACHE_HOME']!,
    'claude-cli-nodejs',
    '-home-dev-projects-acme',
    'mcp-logs-svc',
  );
  await mkdir(dir, { recursive: true });
  for (const scenario of [
    'idle-cut-by-proxy-3s',
    'outage-during-calls',
    'server-down-at-start',
    'server-restart',
    'stdio-server-killed',
  ]) {
    for (const file of await readdir(path.join(CAPTURES, scenario))) {
      const target = path.join(dir, file);
      await copyFile(path.join(CAPTURES, scenario, file), target);
      const last = (await readFile(target, 'utf8')).trim().split('\n').at(-1)!;
      const written = new Date((JSON.parse(last) as { timestamp: string }).timestamp);
      await utimes(target, written, written);
    }
  }
  await copyFile(path.join(CAPTURES, 'claude.json'), path.join(home.home, '.claude.json'));
}

async function journalText(): Promise<string> {
  return readFile(path.join(home.dataDir, 'proxies', 'ref', 'journal.jsonl'), 'utf8').catch(() => '');
}

/** Waits until the proxy's journal has a line matching `pattern` (the proxy batches every 250 ms). */
async function journalShows(pattern: RegExp, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (pattern.test(await journalText())) return;
    await sleep(200);
  }
  throw new Error(`the journal never showed ${pattern}:\n${await journalText()}`);
}

beforeAll(async () => {
  [home, server] = await Promise.all([
    createTempHome('tether-newcomer-'),
    startReferenceServer('streamableHttp'),
  ]);
  project = path.join(home.home, 'projects', 'shop');
  await mkdir(project, { recursive: true });
  await installGivenCaptures();
  const added = await runClaude(
    ['mcp', 'add', '-s', 'user', '--transport', 'http', 'ref', server.url],
    home.env,
  );
  expect(added.code, added.stderr).toBe(0);
  const wrapped = await runCli(['wrap', 'ref', '--client', 'claude-code'], home.env);
  expect(wrapped.code, wrapped.stderr).toBe(0);

  const api = await startStandInModelApi(
    [echo('before the outage'), echo('during the outage'), echo('after the outage')],
    async (step) => {
      if (step === 1) {
        await server.stop();
        outage = { from: Date.now(), to: 0 };
        setTimeout(() => {
          void server.start().then(() => (outage.to = Date.now()));
        }, OUTAGE_MS);
      }
      // The last call comes once the proxy has the server back (whenever its backoff lets it).
      if (step === 2) await journalShows(/"reason":"reconnected"/, OUTAGE_MS + 40_000);
    },
  );
  try {
    const run = await runClaude(
      ['-p', 'Call the tools as instructed.', '--allowedTools', 'mcp__ref__echo'],
      {
        ...home.env,
        ANTHROPIC_BASE_URL: api.baseUrl,
        ANTHROPIC_API_KEY: 'stand-in',
        MCP_TIMEOUT: '30000',
        MCP_CONNECTION_NONBLOCKING: '0',
      },
      { cwd: project, timeoutMs: 150_000 },
    );
    session = {
      code: run.code,
      results: api.toolResults.map((result) => result.text),
      errors: api.toolResults.map((result) => result.isError),
      stderr: run.stderr,
    };
  } finally {
    await api.close();
  }
  // The session is over: Claude Code closed the proxy's stdin and the proxy said goodbye.
  await journalShows(/proxy stopped/, 15_000);

  const timeline = await runCli(['timeline', '--since', '60d', '--json'], home.env);
  expect(timeline.code, timeline.stderr).toBe(0);
  timelines = JSON.parse(timeline.stdout) as ServerTimeline[];
  const explain = await runCli(['explain', '--since', '60d', '--json'], home.env);
  expect(explain.code, explain.stderr).toBe(0);
  explained = JSON.parse(explain.stdout) as typeof explained;
  explainText = (await runCli(['explain', '--since', '60d'], home.env)).stdout;
  process.stdout.write(
    `${(await runCli(['timeline', '--since', '60d'], home.env)).stdout}\n${explainText}\n`,
  );
}, 300_000);

afterAll(async () => {
  await server?.stop();
  await home?.cleanup();
});

const timelineOf = (client: string, name: string): ServerTimeline =>
  timelines.find((timeline) => timeline.server.client === client && timeline.server.name === name)!;
const findingsOf = (client: string, name: string): Finding[] =>
  explained.find((entry) => entry.server.client === client && entry.server.name === name)!.findings;

describe('the newcomer sequence: given captures + a wrapped server with a 30 s outage + proxy exit', () => {
  it('the session itself: the call during the outage failed without running, the others went through', () => {
    expect(session.results, session.stderr).toHaveLength(3);
    expect(session.results[0]).toBe('Echo: before the outage');
    expect(session.errors[1]).toBe(true);
    expect(session.results[1]).toMatch(/NOT executed/);
    expect(session.results[2]).toBe('Echo: after the outage');
    expect(outage.to - outage.from).toBeGreaterThanOrEqual(OUTAGE_MS);
  });

  it('every timeline is consistent, and the wrapped server is not "connected" once its proxy is gone', () => {
    for (const timeline of timelines) expectTimelineInvariants(timeline);
    for (const [client, name] of [
      ['tether', 'ref'],
      ['claude-code', 'ref'],
    ] as const) {
      const timeline = timelineOf(client, name);
      expect(timeline.status, client).toBe('unknown');
      expect(timeline.statusReason, client).toMatch(
        /^no client attached now \(the proxy stopped at \S+\); last session: \S+–\S+ \(\d+ s\), ended connected; 2 call\(s\) ok, 1 failed$/,
      );
      expect(timeline.proxy).toMatchObject({ running: false, live: false, lastRun: { ending: 'stopped' } });
      expect(
        timeline.connections.every((connection) => connection.end !== undefined),
        client,
      ).toBe(true);
    }
    const proxy = timelineOf('tether', 'ref');
    expect(proxy.counters).toMatchObject({ toolCalls: 3, toolOk: 2, toolErrors: 1 });
    expect(proxy.connections.at(-1)!.endReason).toBe('proxy stopped');
    // Claude Code closes the stdio connection to the proxy itself when the session ends.
    const client = timelineOf('claude-code', 'ref').connections.at(-1)!;
    expect(Math.abs(Date.parse(client.end!) - Date.parse(proxy.connections.at(-1)!.end!))).toBeLessThan(2000);
  });

  it('explain ref: the outage with its length and the call it cost; what the proxy absorbed; no advice to wrap it', () => {
    const findings = findingsOf('tether', 'ref');
    const outageFinding = findings.find((finding) => finding.rule === 'outage')!;
    // The proxy knows the upstream was down at its last recorded failure and back at its next success.
    // The last failure is the failed call at the latest: the call gives up as soon as the reconnect
    // loop's next attempt lies beyond its 20 s budget, so somewhere past the middle of a 30 s outage.
    const [, atLeast, upTo] = /unreachable for (\d+)(?:–(\d+))? s/.exec(outageFinding.title) ?? [];
    const down = (outage.to - outage.from) / 1000;
    expect(Number(atLeast), `${outageFinding.title} (down ${down} s)`).toBeGreaterThanOrEqual(10);
    expect(Number(atLeast)).toBeLessThanOrEqual(down + 1);
    expect(Number(upTo ?? atLeast)).toBeGreaterThanOrEqual(down - 1);
    expect(Number(upTo ?? atLeast)).toBeLessThanOrEqual(down + 35);
    expect(outageFinding.title).toMatch(/: ECONNREFUSED[^;]*; 1 call failed \(not executed\)$/);
    expect(outageFinding.severity).toBe('error');
    expect(findings.find((finding) => finding.rule === 'proxy-recovered')!.title).toMatch(
      /^The proxy recovered 1 lost connection; \d+ calls? replayed, 1 call lost$/,
    );
    const all = [...findings, ...findingsOf('claude-code', 'ref')];
    expect(all.map((finding) => finding.rule)).not.toContain('stale-session');
    for (const finding of all)
      expect(`${finding.rule}: ${finding.remedy}`).not.toMatch(/tether wrap|attach immediately/);
  });

  it('explain svc (the given captures): each finding from the connections that show it', () => {
    const findings = findingsOf('claude-code', 'svc');
    const rules = findings.map((finding) => finding.rule);
    for (const rule of [
      'idle-cut',
      'down-at-start',
      'calls-failed-unreachable',
      'server-exited',
      'stale-session',
    ])
      expect(rules).toContain(rule);
    const idle = findings.find((finding) => finding.rule === 'idle-cut')!;
    expect(idle.title).toMatch(/every ~3 s/);
    for (const evidence of idle.evidence) expect(evidence.file).toMatch(/2026-11-21T00-14-45-023Z\.jsonl$/);
    const down = findings.find((finding) => finding.rule === 'down-at-start')!;
    for (const evidence of down.evidence) expect(evidence.file).toMatch(/2026-11-21T00-15-10-072Z\.jsonl$/);
    expect(down.remedy).toMatch(
      /holds `initialize` until the server answers or until shortly before the client's start-up timeout/,
    );
    const unreachable = findings.find((finding) => finding.rule === 'calls-failed-unreachable')!;
    expect(unreachable.title).toMatch(/^2 tool calls failed/);
    const svc = timelineOf('claude-code', 'svc');
    expect(svc.connections.map((connection) => connection.start)).toEqual(
      svc.connections.map((connection) => connection.start).sort(),
    );
  });
});

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogEvent, LogEventKind } from '../../../shared/log-events.js';
import { readQuotedLine, type QuotedLineFormat } from '../../../electron/core/logs/quoted-line.js';
import { scanLogs } from '../../../electron/core/logs/scan-logs.js';
import { linuxPathEnv } from '../../helpers/claude-code-fixture-home.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';

/**
 * Real MCP log lines quoted in public issue threads (test/fixtures/logs/public-lines/, each with its
 * source URL and what a person reads in it). Each line is read twice: laid out in the client's own log
 * folder and read by the file readers (as `tether logs` does), and as a quoted line with its format
 * sniffed (`readQuotedLine`). Both must read at least 90 % of the lines as a person does.
 */
type Expected = LogEventKind | LogEventKind[];
type Source = {
  source: string;
  client: string;
  format: QuotedLineFormat;
  note?: string;
  lines: Array<[string, Expected]>;
  /** The fixture file: `held-out.json` was collected after the rules were written, and never tuned for. */
  set?: string;
};
type Outcome = {
  client: string;
  set: string;
  source: string;
  line: string;
  expected: LogEventKind[];
  got: string;
};

const DIR = path.resolve('test/fixtures/logs/public-lines');
const FILE_FORMATS = new Set<QuotedLineFormat>([
  'cursor',
  'cursor-legacy',
  'claude-desktop-main',
  'claude-desktop-server',
  'claude-code-jsonl',
  'claude-code-json-array',
]);

let sources: Source[] = [];
let home: TempHome;
beforeAll(async () => {
  for (const name of ['cursor.json', 'claude-desktop.json', 'claude-code.json', 'held-out.json']) {
    const loaded = JSON.parse(await readFile(path.join(DIR, name), 'utf8')) as Source[];
    sources.push(...loaded.map((source) => ({ ...source, set: name })));
  }
  home = await createTempHome();
});
afterAll(() => home.cleanup());

const expectedOf = (expected: Expected): LogEventKind[] => (Array.isArray(expected) ? expected : [expected]);

/** Writes one source as the file its client would have written; returns the file and how lines map to it. */
async function layOut(source: Source, index: number): Promise<{ file: string; lineNumbers: number[] }> {
  const config = home.env['XDG_CONFIG_HOME']!;
  const texts = source.lines.map(([text]) => text);
  const plain = async (file: string): Promise<{ file: string; lineNumbers: number[] }> => {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, `${texts.join('\n')}\n`);
    return { file, lineNumbers: texts.map((_, line) => line + 1) };
  };
  const cursorWindow = path.join(config, 'Cursor', 'logs', '20260101T000000', `window${index}`, 'exthost');
  switch (source.format) {
    case 'cursor':
      return plain(path.join(cursorWindow, 'anysphere.cursor-mcp', `MCP user-src${index}.log`));
    case 'cursor-legacy':
      return plain(path.join(cursorWindow, 'anysphere.cursor-always-local', 'Cursor MCP.log'));
    case 'claude-desktop-main':
      return plain(path.join(config, 'Claude', 'logs', `mcp.${index}.log`));
    case 'claude-desktop-server':
      return plain(path.join(config, 'Claude', 'logs', `mcp-server-src${index}.log`));
    default: {
      const dir = path.join(
        home.env['XDG_CACHE_HOME']!,
        'claude-cli-nodejs',
        '-home-dev',
        `mcp-logs-src${index}`,
      );
      await mkdir(dir, { recursive: true });
      const entries = texts.map((text) => JSON.parse(text) as unknown);
      if (source.format === 'claude-code-jsonl') {
        const file = path.join(dir, '2025-07-01T00-00-00-000Z.jsonl');
        await writeFile(file, `${entries.map((entry) => JSON.stringify(entry)).join('\n')}\n`);
        return { file, lineNumbers: texts.map((_, line) => line + 1) };
      }
      const file = path.join(dir, '2025-07-01T00-00-00-000Z.txt');
      const text = JSON.stringify(entries, null, 2);
      // Each entry's line is the line of its opening brace (parseClaudeCodeJsonArray).
      const starts = text.split('\n').flatMap((line, number) => (line === '  {' ? [number + 1] : []));
      await writeFile(file, text);
      return { file, lineNumbers: starts };
    }
  }
}

function report(label: string, outcomes: Outcome[]): number {
  const right = outcomes.filter((outcome) => outcome.expected.includes(outcome.got as LogEventKind));
  const byClient = new Map<string, { right: number; all: number }>();
  for (const outcome of outcomes) {
    for (const key of [outcome.client, `set ${outcome.set}`]) {
      const tally = byClient.get(key) ?? { right: 0, all: 0 };
      tally.all++;
      if (outcome.expected.includes(outcome.got as LogEventKind)) tally.right++;
      byClient.set(key, tally);
    }
  }
  const rate = right.length / outcomes.length;
  const meaningful = outcomes.filter((outcome) => !outcome.expected.includes('info'));
  const meaningfulRight = meaningful.filter((outcome) =>
    outcome.expected.includes(outcome.got as LogEventKind),
  );
  const lines = [
    `${label}: ${right.length}/${outcomes.length} public lines read right (${(rate * 100).toFixed(1)} %); ` +
      `${meaningfulRight.length}/${meaningful.length} of those that mean more than "info"`,
    ...[...byClient].map(([client, tally]) => `  ${client}: ${tally.right}/${tally.all}`),
    ...outcomes
      .filter((outcome) => !outcome.expected.includes(outcome.got as LogEventKind))
      .map((miss) => `  miss: ${miss.got} (expected ${miss.expected.join('|')}) ${miss.line.slice(0, 140)}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return rate;
}

describe('real MCP log lines from public reports', () => {
  it('the file readers read at least 90 % of them as a person does', async () => {
    const laidOut = new Map<string, { source: Source; lineNumbers: number[] }>();
    let index = 0;
    for (const source of sources.filter((candidate) => FILE_FORMATS.has(candidate.format))) {
      const { file, lineNumbers } = await layOut(source, ++index);
      laidOut.set(file, { source, lineNumbers });
    }
    const events: LogEvent[] = [];
    await scanLogs({ pathEnv: linuxPathEnv(home), dataDir: home.dataDir, sinceMs: 0 }, (event) =>
      events.push(event),
    );
    const outcomes: Outcome[] = [];
    for (const [file, { source, lineNumbers }] of laidOut) {
      source.lines.forEach(([text, expected], line) => {
        const event = events.find(
          (candidate) => candidate.source.file === file && candidate.source.line === lineNumbers[line],
        );
        outcomes.push({
          client: source.client,
          set: source.set ?? '',
          source: source.source,
          line: text,
          expected: expectedOf(expected),
          got: event?.kind ?? 'nothing',
        });
      });
    }
    expect(outcomes.length).toBeGreaterThan(150);
    expect(report('file readers', outcomes)).toBeGreaterThanOrEqual(0.9);
  });

  it('readQuotedLine (format sniffed from the line) reads at least 90 % of every line as a person does', () => {
    const outcomes: Outcome[] = sources.flatMap((source) =>
      source.lines.map(([text, expected]) => ({
        client: source.client,
        set: source.set ?? '',
        source: source.source,
        line: text,
        expected: expectedOf(expected),
        got: readQuotedLine(text)?.kind ?? 'nothing',
      })),
    );
    expect(report('quoted lines', outcomes)).toBeGreaterThanOrEqual(0.9);
  });

  it('every source names where it was quoted', () => {
    for (const source of sources) expect(source.source).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\//);
  });
});

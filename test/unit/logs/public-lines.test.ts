import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogEvent, LogEventKind } from '../../../shared/log-events.js';
import { readQuotedLine } from '../../../electron/core/logs/quoted-line.js';
import { scanLogs } from '../../../electron/core/logs/scan-logs.js';
import { linuxPathEnv } from '../../helpers/claude-code-fixture-home.js';
import {
  FILE_FORMATS,
  layOutPublicLines,
  loadPublicLines,
  type Expected,
  type PublicLineSource,
} from '../../helpers/public-lines.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';

/**
 * Real MCP log lines quoted in public issue threads (test/fixtures/logs/public-lines/, each with its
 * source URL and what a person reads in it). Each line is read twice: laid out in the client's own log
 * folder and read by the file readers (as `tether logs` does), and as a quoted line with its format
 * sniffed (`readQuotedLine`). Both must read at least 90 % of the lines as a person does.
 */
type Outcome = {
  client: string;
  set: string;
  source: string;
  line: string;
  expected: LogEventKind[];
  got: string;
};

let sources: PublicLineSource[] = [];
let home: TempHome;
beforeAll(async () => {
  sources = await loadPublicLines();
  home = await createTempHome();
});
afterAll(() => home.cleanup());

const expectedOf = (expected: Expected): LogEventKind[] => (Array.isArray(expected) ? expected : [expected]);

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
    const laidOut = new Map<string, { source: PublicLineSource; lineNumbers: number[] }>();
    let index = 0;
    for (const source of sources.filter((candidate) => FILE_FORMATS.has(candidate.format))) {
      const { file, lineNumbers } = await layOutPublicLines(home, source, ++index);
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

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LogEventKind } from '../../shared/log-events.js';
import type { QuotedLineFormat } from '../../electron/core/logs/quoted-line.js';
import type { TempHome } from './temp-home.js';

/** Real MCP log lines quoted in public issue threads (test/fixtures/logs/public-lines/README.md). */
export type Expected = LogEventKind | LogEventKind[];
export type PublicLineSource = {
  source: string;
  client: string;
  format: QuotedLineFormat;
  note?: string;
  lines: Array<[string, Expected]>;
  /** The fixture file: `held-out.json` was collected after the rules were written, and never tuned for. */
  set?: string;
};

const DIR = path.resolve('test/fixtures/logs/public-lines');
const FILES = ['cursor.json', 'claude-desktop.json', 'claude-code.json', 'held-out.json'];

/** The formats Tether reads as files (the others are only ever quoted: debug logs, bare messages). */
export const FILE_FORMATS = new Set<QuotedLineFormat>([
  'cursor',
  'cursor-legacy',
  'claude-desktop-main',
  'claude-desktop-server',
  'claude-code-jsonl',
  'claude-code-json-array',
]);

export async function loadPublicLines(): Promise<PublicLineSource[]> {
  const sources: PublicLineSource[] = [];
  for (const name of FILES) {
    const loaded = JSON.parse(await readFile(path.join(DIR, name), 'utf8')) as PublicLineSource[];
    sources.push(...loaded.map((source) => ({ ...source, set: name })));
  }
  return sources;
}

/** Writes one source as the file its client would have written; returns the file and where each line went. */
export async function layOutPublicLines(
  home: TempHome,
  source: PublicLineSource,
  index: number,
): Promise<{ file: string; lineNumbers: number[] }> {
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

// Log folders for the log viewer bench, made of real captured lines (test/fixtures/logs) re-timed:
// Claude Code JSONL, Claude Desktop per-server logs and Cursor per-server logs, laid out where each
// client writes them on Linux.
import { mkdir, open, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

const FIXTURES = path.resolve('test/fixtures/logs');

type Template = { level: string; message: string } | { raw: string };

async function claudeCodeTemplates(): Promise<Array<Record<string, unknown>>> {
  const lines: Array<Record<string, unknown>> = [];
  const root = path.join(FIXTURES, 'claude-code');
  for (const entry of await readdir(root, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    for (const file of await readdir(path.join(root, entry.name))) {
      if (!file.endsWith('.jsonl')) continue;
      for (const line of (await readFile(path.join(root, entry.name, file), 'utf8')).split('\n')) {
        if (!line.trim()) continue;
        try {
          lines.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          // a damaged capture line: not a template
        }
      }
    }
  }
  return lines;
}

async function textTemplates(file: string, pattern: RegExp): Promise<Template[]> {
  return (await readFile(path.join(FIXTURES, file), 'utf8'))
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const match = pattern.exec(line);
      return match ? { level: match[1]!, message: match[2]! } : { raw: line };
    });
}

export type Corpus = { events: number; files: string[]; claudeCodeFile: (server: number) => string };

/**
 * `servers` servers over three clients (60 % Claude Code, 20 % Claude Desktop, 20 % Cursor), `perServer`
 * lines each, timed evenly over the `spanMs` before `endMs`.
 */
export async function writeCorpus(
  home: { cache: string; config: string },
  options: { servers: number; perServer: number; spanMs: number; endMs: number },
): Promise<Corpus> {
  const claude = await claudeCodeTemplates();
  const desktop = await textTemplates(
    'claude-desktop/mcp-server-demo.log',
    /^\S+ \[[^\]]+\] \[(\w+)\] (.*)$/,
  );
  const cursor = await textTemplates('cursor/MCP user-figma.log', /^\S+ \S+ \[(\w+)\] (.*)$/);
  const files: string[] = [];
  const claudeCodeFile = (server: number): string =>
    path.join(
      home.cache,
      'claude-cli-nodejs',
      '-home-dev-projects-acme',
      `mcp-logs-server-${server}`,
      '2026-11-21T00-00-00-000Z.jsonl',
    );
  const step = options.spanMs / options.perServer;
  const start = options.endMs - options.spanMs;
  let events = 0;
  for (let server = 0; server < options.servers; server++) {
    const kind =
      server < options.servers * 0.6 ? 'claude-code' : server < options.servers * 0.8 ? 'desktop' : 'cursor';
    const file =
      kind === 'claude-code'
        ? claudeCodeFile(server)
        : kind === 'desktop'
          ? path.join(home.config, 'Claude', 'logs', `mcp-server-server-${server}.log`)
          : path.join(
              home.config,
              'Cursor',
              'logs',
              '20261121T000000',
              'window1',
              'exthost',
              'anysphere.cursor-mcp',
              `MCP user-server-${server}.log`,
            );
    await mkdir(path.dirname(file), { recursive: true });
    const handle = await open(file, 'w');
    let chunk = '';
    for (let i = 0; i < options.perServer; i++) {
      const t = new Date(start + i * step + server * 7);
      const iso = t.toISOString();
      if (kind === 'claude-code') {
        chunk += `${JSON.stringify({ ...claude[(i + server) % claude.length], timestamp: iso })}\n`;
      } else {
        const templates = kind === 'desktop' ? desktop : cursor;
        const template = templates[(i + server) % templates.length]!;
        if ('raw' in template) chunk += `${template.raw}\n`;
        else if (kind === 'desktop')
          chunk += `${iso} [server-${server}] [${template.level}] ${template.message}\n`;
        else chunk += `${localStamp(t)} [${template.level}] ${template.message}\n`;
      }
      events++;
      if (chunk.length > 1 << 20) {
        await handle.write(chunk);
        chunk = '';
      }
    }
    await handle.write(chunk);
    await handle.close();
    files.push(file);
  }
  return { events, files, claudeCodeFile };
}

/** Cursor writes local time: `2025-08-04 10:40:14.682`. */
function localStamp(t: Date): string {
  const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
  return `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())} ${pad(t.getHours())}:${pad(t.getMinutes())}:${pad(t.getSeconds())}.${pad(t.getMilliseconds(), 3)}`;
}

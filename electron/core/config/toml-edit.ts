import { parse as parseToml, stringify as stringifyToml } from 'smol-toml';
import { parseConfigText } from '../clients/config-file.js';

/**
 * Replaces (or removes, with `entry: undefined`) one `[mcp_servers.<name>]` table of a Codex
 * `config.toml` as a text edit: the table and its sub-tables are swapped, every other line stays as is.
 * A TOML library round-trip would re-serialize the whole file and drop comments, which Codex users keep.
 */
export function replaceTomlServer(
  file: string,
  text: string,
  name: string,
  entry: Record<string, unknown> | undefined,
): string {
  parseConfigText(file, text, 'toml');
  const block = findServerBlock(text, name);
  const rendered = entry === undefined ? '' : renderServer(name, entry);
  let out: string;
  if (block) out = text.slice(0, block.start) + rendered + text.slice(block.end);
  else if (entry === undefined) return text;
  else out = `${text}${text.endsWith('\n') || text === '' ? '' : '\n'}${text === '' ? '' : '\n'}${rendered}`;
  parseConfigText(file, out, 'toml');
  return out;
}

/** The exact text of one server's table (with sub-tables), for storing the original before a wrap. */
export function serverBlockText(text: string, name: string): string | undefined {
  const block = findServerBlock(text, name);
  return block && text.slice(block.start, block.end);
}

/** Replaces a server's block with previously saved text, byte-for-byte. */
export function restoreTomlBlock(file: string, text: string, name: string, original: string): string {
  const block = findServerBlock(text, name);
  const out = block ? text.slice(0, block.start) + original + text.slice(block.end) : `${text}\n${original}`;
  parseConfigText(file, out, 'toml');
  return out;
}

function renderServer(name: string, entry: Record<string, unknown>): string {
  return stringifyToml({ mcp_servers: { [name]: entry } })
    .replace(/^\[mcp_servers\]\n/m, '')
    .trimStart()
    .replace(/\n*$/, '\n');
}

/** Header forms naming this server: `mcp_servers.name`, `mcp_servers."name"`, with optional spaces. */
function headerNames(line: string): string[] | undefined {
  const match = /^\s*\[\s*([^[\]]+?)\s*\]\s*(#.*)?$/.exec(line);
  if (!match) return undefined;
  try {
    const parsed = parseToml(`[${match[1]}]`) as Record<string, unknown>;
    const keys: string[] = [];
    let at: unknown = parsed;
    while (at && typeof at === 'object' && Object.keys(at).length === 1) {
      const key = Object.keys(at)[0]!;
      keys.push(key);
      at = (at as Record<string, unknown>)[key];
    }
    return keys;
  } catch {
    return undefined;
  }
}

function findServerBlock(text: string, name: string): { start: number; end: number } | undefined {
  let start = -1;
  let offset = 0;
  for (const line of text.split('\n')) {
    const next = offset + line.length + 1;
    const keys = line.trimStart().startsWith('[') ? headerNames(line) : undefined;
    if (keys) {
      const ours = keys[0] === 'mcp_servers' && keys[1] === name;
      if (start === -1 && ours && keys.length === 2) start = offset;
      else if (start !== -1 && !ours) return { start, end: offset };
    }
    offset = next;
  }
  return start === -1 ? undefined : { start, end: text.length };
}

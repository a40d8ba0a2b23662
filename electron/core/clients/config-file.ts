import { readFile } from 'node:fs/promises';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { parse as parseToml } from 'smol-toml';
import { isMissing } from '../fs-errors.js';

/** The format of a client config file, decided by the client, not by the extension alone. */
export type ConfigFormat = 'json' | 'toml';

/** A config file read from disk: the exact text (edits are applied to it) and its parsed value. */
export type LoadedConfig = { path: string; format: ConfigFormat; text: string; value: unknown };

/**
 * A config file that does not parse. Names the file, the line and the column so the user can fix it;
 * nothing is ever written to such a file.
 */
export class ConfigParseError extends Error {
  constructor(
    readonly path: string,
    readonly line: number | null,
    readonly column: number | null,
    readonly reason: string,
  ) {
    super(`${path}${line === null ? '' : `:${line}${column === null ? '' : `:${column}`}`}: ${reason}`);
    this.name = 'ConfigParseError';
  }
}

/** Files bigger than this are refused rather than loaded: no client writes MCP config this large. */
export const MAX_CONFIG_BYTES = 256 * 1024 * 1024;

/**
 * Reads and parses a config file; `undefined` when it does not exist (or vanished mid-read).
 *
 * `readFile` opens one inode, so a writer replacing the file by rename gives us either the old or the
 * new content, never a mix; a writer truncating in place can give a torn read, which surfaces as a
 * `ConfigParseError` and is retried by callers that care (the watcher).
 */
export async function loadConfigFile(path: string, format: ConfigFormat): Promise<LoadedConfig | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
  if (bytes.length > MAX_CONFIG_BYTES)
    throw new ConfigParseError(path, null, null, 'file too large to be a config');
  const text = decodeConfigBytes(path, bytes);
  return { path, format, text, value: parseConfigText(path, text, format) };
}

/**
 * UTF-8 text of a file's bytes. The same bytes read again (discovery, then the edit under the lock)
 * give back the same string without decoding 20 MB twice: `Buffer.equals` is a memcmp.
 */
export function decodeConfigBytes(path: string, bytes: Buffer): string {
  const cached = decodedByPath.get(path);
  if (cached && cached.bytes.equals(bytes)) return cached.text;
  const text = bytes.toString('utf8');
  if (bytes.length >= CACHED_MIN_CHARS) remember(decodedByPath, path, { bytes, text });
  return text;
}

/**
 * Only large files are worth caching (small ones decode and parse in microseconds), and only large
 * files are kept, so a discovery pass over many small project files never evicts `~/.claude.json`.
 */
const CACHED_MIN_CHARS = 256 * 1024;
const CACHED_FILES = 4;

function remember<T>(cache: Map<string, T>, path: string, entry: T): void {
  cache.delete(path);
  cache.set(path, entry);
  if (cache.size > CACHED_FILES) cache.delete(cache.keys().next().value!);
}

const decodedByPath = new Map<string, { bytes: Buffer; text: string }>();

/** Parses config text strictly enough to refuse what the client itself would refuse. */
export function parseConfigText(path: string, text: string, format: ConfigFormat): unknown {
  // The same bytes parse the same way: a 20 MB ~/.claude.json read by discovery and re-read under the
  // lock a moment later is parsed once (string equality is a memcmp, far cheaper than parsing).
  const cached = parsedByPath.get(path);
  if (cached && cached.format === format && cached.text === text) return cached.value;
  const value = parseUncached(path, text, format);
  if (text.length >= CACHED_MIN_CHARS) remember(parsedByPath, path, { text, format, value });
  return value;
}

const parsedByPath = new Map<string, { text: string; format: ConfigFormat; value: unknown }>();

function parseUncached(path: string, text: string, format: ConfigFormat): unknown {
  if (format === 'toml') return parseTomlText(path, text);
  try {
    const strict: unknown = JSON.parse(text);
    if (strict !== null && typeof strict === 'object' && !Array.isArray(strict)) return strict;
  } catch {
    // Not strict JSON: VS Code and Cursor files may hold comments; jsonc-parser decides and locates errors.
  }
  if (text.trim() === '') return {};
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false });
  const first = errors[0];
  if (first) {
    const { line, column } = lineAndColumn(text, first.offset);
    throw new ConfigParseError(path, line, column, `invalid JSON (${printParseErrorCode(first.error)})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigParseError(path, 1, 1, 'expected a JSON object at the top level');
  }
  return value;
}

function parseTomlText(path: string, text: string): unknown {
  try {
    return parseToml(text);
  } catch (error) {
    const detail = error as { line?: number; column?: number; message?: string };
    const reason = (detail.message ?? String(error)).split('\n')[0] ?? 'invalid TOML';
    throw new ConfigParseError(path, detail.line ?? null, detail.column ?? null, reason);
  }
}

/** 1-based line and column of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (
    let index = text.indexOf('\n');
    index !== -1 && index < offset;
    index = text.indexOf('\n', index + 1)
  ) {
    line++;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

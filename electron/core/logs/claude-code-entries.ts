import type { RawLogEntry } from './log-entry.js';

/**
 * Claude Code `mcp-logs-*` entries: `{debug|error, timestamp, sessionId, cwd}`.
 *
 * `error` does not mean failure: every stdio server's stderr arrives as `{"error":"Server stderr: …"}`,
 * and the classifier decides. A line that is not such an object returns undefined (counted as
 * malformed by the reader).
 */
export function parseClaudeCodeLine(text: string, line: number): RawLogEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return claudeCodeEntry(value, line);
}

/** Validates one parsed entry (JSONL line or JSON-array element). */
export function claudeCodeEntry(value: unknown, line: number): RawLogEntry | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const timestamp = record['timestamp'];
  if (typeof timestamp !== 'string') return undefined;
  const isError = typeof record['error'] === 'string';
  const message = isError ? record['error'] : record['debug'];
  if (typeof message !== 'string') return undefined;
  const session = record['sessionId'];
  return {
    time: timestamp,
    level: isError ? 'error' : 'debug',
    message,
    line,
    ...(typeof session === 'string' ? { session } : {}),
    ...(isError && message.startsWith('Server stderr:') ? { stderr: true } : {}),
  };
}

/**
 * Parses a legacy (≤ 2.0.64) `.txt` log: a pretty-printed JSON array rewritten whole on every entry,
 * so it may be caught mid-write. A truncated array is cut back to its last complete element. Each
 * entry's `line` is the line of its opening brace, so evidence still points into the file.
 */
export function parseClaudeCodeJsonArray(text: string): { entries: RawLogEntry[]; malformed: number } {
  const starts = entryStartLines(text);
  let values: unknown[] | undefined = tryParseArray(text);
  if (!values) {
    const lastClose = text.lastIndexOf('\n  }');
    values = lastClose > 0 ? tryParseArray(`${text.slice(0, lastClose + 4)}\n]`) : undefined;
  }
  if (!values) return { entries: [], malformed: text.trim().length > 2 ? 1 : 0 };
  const entries: RawLogEntry[] = [];
  let malformed = 0;
  values.forEach((value, index) => {
    const entry = claudeCodeEntry(value, starts[index] ?? index + 1);
    if (entry) entries.push(entry);
    else malformed++;
  });
  return { entries, malformed };
}

function tryParseArray(text: string): unknown[] | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function entryStartLines(text: string): number[] {
  const starts: number[] = [];
  let line = 1;
  let index = 0;
  while (index < text.length) {
    const end = text.indexOf('\n', index);
    const stop = end < 0 ? text.length : end;
    if (stop - index === 3 && text.startsWith('  {', index)) starts.push(line);
    line++;
    index = stop + 1;
  }
  return starts;
}

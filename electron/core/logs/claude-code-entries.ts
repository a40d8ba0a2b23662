import type { RawLogEntry } from './log-entry.js';
import { textAt } from './text-at.js';

/**
 * Claude Code `mcp-logs-*` entries: `{debug|error, timestamp, sessionId, cwd}`.
 *
 * `error` does not mean failure: every stdio server's stderr arrives as `{"error":"Server stderr: …"}`,
 * and the classifier decides. A line that is not such an object returns undefined (counted as
 * malformed by the reader).
 */
export function parseClaudeCodeLine(text: string, line: number): RawLogEntry | undefined {
  const fast = parseExactLayout(text, line);
  if (fast) return fast;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return claudeCodeEntry(value, line);
}

const DEBUG_HEAD = '{"debug":"';
const ERROR_HEAD = '{"error":"';
const TIMESTAMP_KEY = '","timestamp":"';
const SESSION_KEY = '","sessionId":"';
const CWD_KEY = '","cwd":"';
const TAIL = '"}';

// The session id repeats on every line of a file: keeping one string per id saves memory in
// timelines and makes set lookups hash it once.
let lastSession = '';

/**
 * Reads a line written in Claude Code's exact layout (`JSON.stringify` of `{debug|error, timestamp,
 * sessionId, cwd}`, in that key order) without `JSON.parse`, the costliest step per line. Inside a
 * JSON string every `"` is escaped, so the key separators cannot occur in a value; a message with
 * escapes is decoded as one JSON string. Anything else (other keys, order, quotes in the session or
 * cwd) returns undefined and takes the full `JSON.parse` path, so both paths accept the same lines.
 */
function parseExactLayout(text: string, line: number): RawLogEntry | undefined {
  const isError = text.startsWith(ERROR_HEAD);
  if (!isError && !text.startsWith(DEBUG_HEAD)) return undefined;
  const messageEnd = text.indexOf(TIMESTAMP_KEY, DEBUG_HEAD.length);
  if (messageEnd < 0) return undefined;
  const timeStart = messageEnd + TIMESTAMP_KEY.length;
  const timeEnd = text.indexOf('"', timeStart);
  if (timeEnd < 0 || !text.startsWith(SESSION_KEY, timeEnd)) return undefined;
  const sessionStart = timeEnd + SESSION_KEY.length;
  const sessionEnd = text.indexOf('"', sessionStart);
  if (sessionEnd < 0 || !text.startsWith(CWD_KEY, sessionEnd)) return undefined;
  const cwdStart = sessionEnd + CWD_KEY.length;
  if (!text.endsWith(TAIL) || text.indexOf('"', cwdStart) !== text.length - TAIL.length) return undefined;
  // One scan for escapes serves the message, time and session checks (most lines have none).
  const escape = text.indexOf('\\', DEBUG_HEAD.length);
  let message: string | undefined;
  if (escape < 0 || escape > sessionEnd) {
    const quote = text.indexOf('"', DEBUG_HEAD.length);
    if (quote < messageEnd) return undefined; // an unescaped quote inside: not the exact layout
    message = text.slice(DEBUG_HEAD.length, messageEnd);
  } else {
    const later = escape < timeStart ? text.indexOf('\\', timeStart) : escape;
    if (later >= 0 && later < sessionEnd) return undefined; // escapes in time or session id
    message = jsonStringBody(text, DEBUG_HEAD.length, messageEnd);
    if (message === undefined) return undefined;
  }
  let session = lastSession;
  if (sessionEnd - sessionStart !== session.length || !textAt(text, session, sessionStart))
    session = lastSession = text.slice(sessionStart, sessionEnd);
  const entry: RawLogEntry = {
    time: text.slice(timeStart, timeEnd),
    level: isError ? 'error' : 'debug',
    message,
    line,
  };
  if (session) entry.session = session;
  if (isError && message.startsWith('Server stderr:')) entry.stderr = true;
  return entry;
}

/** The decoded text of a JSON string body `text[start, end)` with escapes; undefined when invalid. */
function jsonStringBody(text: string, start: number, end: number): string | undefined {
  try {
    // The slice with its two quotes is one JSON string literal; an unescaped quote inside fails here.
    return JSON.parse(text.slice(start - 1, end + 1)) as string;
  } catch {
    return undefined;
  }
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

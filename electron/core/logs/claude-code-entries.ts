import type { RawLogEntry } from './log-entry.js';
import { textAt } from './text-at.js';

/**
 * A line parser for Claude Code `mcp-logs-*` entries: `{debug|error, timestamp, sessionId, cwd}`.
 *
 * `error` does not mean failure: every stdio server's stderr arrives as `{"error":"Server stderr: …"}`,
 * and the classifier decides. A line that is not such an object returns undefined (counted as
 * malformed by the reader). One parser per file: it remembers the session id and cwd of the last line.
 */
export function createClaudeCodeLineParser(): (text: string, line: number) => RawLogEntry | undefined {
  const exact = new ExactLayoutReader();
  return (text, line) => {
    const fast = exact.read(text, line);
    if (fast) return fast;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return undefined;
    }
    return claudeCodeEntry(value, line);
  };
}

// Both heads have the same length, so the message always starts at HEAD_LENGTH.
const DEBUG_HEAD = '{"debug":"';
const ERROR_HEAD = '{"error":"';
const HEAD_LENGTH = DEBUG_HEAD.length;
const TIMESTAMP_KEY = '","timestamp":"';
const SESSION_KEY = '","sessionId":"';
const CWD_KEY = '","cwd":"';
const TAIL = '"}';

/**
 * Reads lines written in Claude Code's exact layout (`JSON.stringify` of `{debug|error, timestamp,
 * sessionId, cwd}`, in that key order) without `JSON.parse`, the costliest step per line. Inside a
 * JSON string every `"` is escaped, so the key separators cannot occur in a value; a message with
 * escapes is decoded as one JSON string. Anything else (other keys, order, quotes in the session or
 * cwd) returns undefined and takes the full `JSON.parse` path, so both paths read a line the same way.
 *
 * Every line of a file repeats the same `","sessionId":"…","cwd":"…"}` tail: once one line's tail
 * has been checked, later lines are matched against it in one comparison, which leaves only the
 * message and the time to find (the logs bench's hot path).
 */
class ExactLayoutReader {
  /** The checked tail of the last exact line (`","sessionId":"…","cwd":"…"}`); '' before the first. */
  private tail = '';
  /** Its session id: one string per id saves memory in timelines and makes set lookups hash it once. */
  private session = '';

  read(text: string, line: number): RawLogEntry | undefined {
    // Slices compared with `===`: on Node 20 `startsWith` costs several times more per line.
    const head = text.slice(0, HEAD_LENGTH);
    const isError = head === ERROR_HEAD;
    if (!isError && head !== DEBUG_HEAD) return undefined;
    const tailStart = text.length - this.tail.length;
    // `slice` + `===` compares the ~100 characters about twice as fast as `endsWith` on Node 20.
    if (this.tail === '' || tailStart <= HEAD_LENGTH || text.slice(tailStart) !== this.tail)
      return this.readWithNewTail(text, line, isError);
    // One scan for escapes serves the message and the time (most lines have none).
    const escape = text.indexOf('\\', HEAD_LENGTH);
    const escaped = escape >= 0 && escape < tailStart;
    // Without escapes the first quote ends the message; with them, the first key separator does.
    let messageEnd: number;
    if (escaped) messageEnd = text.indexOf(TIMESTAMP_KEY, HEAD_LENGTH);
    else {
      messageEnd = text.indexOf('"', HEAD_LENGTH);
      if (text.indexOf(TIMESTAMP_KEY, messageEnd) !== messageEnd) return undefined;
    }
    if (messageEnd < 0) return undefined;
    const timeStart = messageEnd + TIMESTAMP_KEY.length;
    // The time ends at the tail's opening quote.
    if (timeStart > tailStart || text.indexOf('"', timeStart) !== tailStart) return undefined;
    let message: string | undefined;
    if (escaped) {
      const timeEscape = escape >= timeStart ? escape : text.indexOf('\\', timeStart);
      if (timeEscape >= 0 && timeEscape < tailStart) return undefined; // escapes in the time
      message = jsonStringBody(text, HEAD_LENGTH, messageEnd);
      if (message === undefined) return undefined;
    } else message = text.slice(HEAD_LENGTH, messageEnd);
    return entryOf(text.slice(timeStart, tailStart), isError, message, line, this.session);
  }

  /** The full reading of an exact line; learns its tail for the lines after it. */
  private readWithNewTail(text: string, line: number, isError: boolean): RawLogEntry | undefined {
    const messageEnd = text.indexOf(TIMESTAMP_KEY, HEAD_LENGTH);
    if (messageEnd < 0) return undefined;
    const timeStart = messageEnd + TIMESTAMP_KEY.length;
    const timeEnd = text.indexOf('"', timeStart);
    if (timeEnd < 0 || !text.startsWith(SESSION_KEY, timeEnd)) return undefined;
    const sessionStart = timeEnd + SESSION_KEY.length;
    const sessionEnd = text.indexOf('"', sessionStart);
    if (sessionEnd < 0 || !text.startsWith(CWD_KEY, sessionEnd)) return undefined;
    const cwdStart = sessionEnd + CWD_KEY.length;
    const cwdEnd = text.length - TAIL.length;
    if (!text.endsWith(TAIL) || text.indexOf('"', cwdStart) !== cwdEnd) return undefined;
    const escape = text.indexOf('\\', HEAD_LENGTH);
    const laterEscape = escape < timeStart ? text.indexOf('\\', timeStart) : escape;
    if (laterEscape >= 0 && laterEscape < sessionEnd) return undefined; // escapes in time or session id
    // A cwd with escapes (Windows paths) must be a valid JSON string, as JSON.parse would require; the
    // tail is then trusted for every later line that ends with it.
    if (laterEscape >= 0 && jsonStringBody(text, cwdStart, cwdEnd) === undefined) return undefined;
    let message: string | undefined;
    if (escape >= 0 && escape < messageEnd) {
      message = jsonStringBody(text, HEAD_LENGTH, messageEnd);
      if (message === undefined) return undefined;
    } else {
      if (text.indexOf('"', HEAD_LENGTH) < messageEnd) return undefined; // an unescaped quote inside
      message = text.slice(HEAD_LENGTH, messageEnd);
    }
    const session = text.slice(sessionStart, sessionEnd);
    if (session !== this.session) this.session = session;
    this.tail = text.slice(timeEnd);
    return entryOf(text.slice(timeStart, timeEnd), isError, message, line, this.session);
  }
}

function entryOf(
  time: string,
  isError: boolean,
  message: string,
  line: number,
  session: string,
): RawLogEntry {
  // One literal with every field (the same shape for every line) instead of adding fields after.
  return {
    time,
    level: isError ? 'error' : 'debug',
    message,
    line,
    session,
    stderr: isError && textAt(message, 'Server stderr:') ? true : undefined,
  };
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

import { lineAndColumn } from '../clients/config-file.js';

/** A value's place in the text: `[start, end)` offsets. */
export type JsonRange = { start: number; end: number };

/** Thrown when the text is not valid JSON; `offset` points at the problem. */
export class JsonScanError extends Error {
  constructor(
    readonly offset: number,
    readonly line: number,
    readonly column: number,
    reason: string,
  ) {
    super(`${reason} at line ${line}, column ${column}`);
    this.name = 'JsonScanError';
  }
}

/**
 * Validates strict JSON and records where selected values are, in one pass.
 *
 * Why not `JSON.parse` + jsonc-parser: on a 20 MB `~/.claude.json` those take hundreds of milliseconds,
 * and an edit must stay far below Claude Code's 10 s lock staleness. This tokenizer checks every
 * token, bracket, comma and colon, jumps over string bodies with `indexOf` (the bulk of such files is
 * prompt history), and records the range of each value whose key path `select` accepts, up to
 * `maxDepth`. String bodies are checked for termination and escapes, not for raw control characters.
 */
export function scanJson(
  text: string,
  options: { maxDepth: number; select: (path: readonly string[]) => boolean },
): Map<string, JsonRange> {
  const ranges = new Map<string, JsonRange>();
  const path: string[] = [];
  const frames: Array<{ object: boolean; start: number; index: number }> = [];
  const literal = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
  let at = 0;
  const fail = (reason: string, offset = at): never => {
    const { line, column } = lineAndColumn(text, offset);
    throw new JsonScanError(offset, line, column, reason);
  };
  const skipSpace = (): void => {
    for (;;) {
      const code = text.charCodeAt(at);
      if (code === 32 || code === 10 || code === 13 || code === 9) at++;
      else return;
    }
  };
  const readString = (): string => {
    const start = at;
    let end = text.indexOf('"', at + 1);
    for (;;) {
      if (end === -1) return fail('unterminated string', start);
      let slashes = 0;
      for (let back = end - 1; text.charCodeAt(back) === 92; back--) slashes++;
      if (slashes % 2 === 0) break;
      end = text.indexOf('"', end + 1);
    }
    at = end + 1;
    return text.slice(start + 1, end);
  };
  const readKey = (): void => {
    skipSpace();
    if (text.charCodeAt(at) !== 34) fail('expected a property name');
    const raw = readString();
    path.push(raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw);
    skipSpace();
    if (text.charCodeAt(at) !== 58) fail('expected ":"');
    at++;
  };
  const record = (start: number): void => {
    if (start >= 0) ranges.set(JSON.stringify(path), { start, end: at });
  };

  // Iterative, so deeply nested input cannot overflow the stack.
  let expectValue = true;
  for (;;) {
    if (expectValue) {
      skipSpace();
      const start = at;
      const wanted = path.length <= options.maxDepth && options.select(path) ? start : -1;
      const code = text.charCodeAt(at);
      if (code === 123 || code === 91) {
        at++;
        const object = code === 123;
        skipSpace();
        if (text.charCodeAt(at) === (object ? 125 : 93)) {
          at++;
          record(wanted);
          expectValue = false;
          continue;
        }
        frames.push({ object, start: wanted, index: 0 });
        if (object) readKey();
        else path.push('0');
        continue;
      }
      if (code === 34) readString();
      else {
        literal.lastIndex = at;
        const match = literal.exec(text);
        if (!match) fail(at >= text.length ? 'unexpected end of file' : 'unexpected character');
        at += match![0].length;
      }
      record(wanted);
      expectValue = false;
      continue;
    }
    skipSpace();
    const frame = frames[frames.length - 1];
    if (!frame) {
      if (at !== text.length) fail('unexpected content after the top-level value');
      return ranges;
    }
    const code = text.charCodeAt(at);
    if (code === 44) {
      at++;
      path.pop();
      if (frame.object) readKey();
      else path.push(String(++frame.index));
      expectValue = true;
      continue;
    }
    if (code === (frame.object ? 125 : 93)) {
      at++;
      path.pop();
      frames.pop();
      record(frame.start);
      continue;
    }
    fail(
      at >= text.length
        ? 'unexpected end of file'
        : frame.object
          ? 'expected "," or "}"'
          : 'expected "," or "]"',
    );
  }
}

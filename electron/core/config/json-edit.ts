import { applyEdits, modify, parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { ConfigParseError } from '../clients/config-file.js';
import { locatePretty } from './json-locate.js';
import { JsonScanError, scanJson, type JsonRange } from './json-scan.js';
import { asSpliced, joinSplices, type SplicedText } from './text-splice.js';

/** Set (`value`) or delete (`value: undefined`) the value at a key path. */
export type JsonEdit = { path: readonly string[]; value: unknown };

/**
 * Applies edits as minimal text changes: everything outside the edited values stays byte-for-byte.
 *
 * Strict JSON (every `~/.claude.json`, most `mcp.json`) takes the fast path: the edited ranges are found
 * by indentation (`locatePretty`) or, for other layouts, one validating scan, and only those are re-serialized, indented like their surroundings. Files with
 * comments or trailing commas (VS Code, Cursor) go through jsonc-parser `modify`, which keeps comments.
 * A file that parses neither way throws `ConfigParseError` naming the line: nothing is written.
 */
export function applyJsonEdits(file: string, text: string, edits: readonly JsonEdit[]): string {
  return spliceJsonEdits(file, text, edits).text;
}

/** `applyJsonEdits` with the splices it made, so `safeEdit` checks and writes only the changed regions. */
export function spliceJsonEdits(file: string, text: string, edits: readonly JsonEdit[]): SplicedText {
  if (edits.length === 0) return { text, splices: [] };
  const wanted = new Set<string>();
  for (const edit of edits)
    for (let depth = 0; depth <= edit.path.length; depth++)
      wanted.add(JSON.stringify(edit.path.slice(0, depth)));
  const maxDepth = Math.max(...edits.map((edit) => edit.path.length));
  const unit = indentUnit(text);
  let ranges = locatePretty(
    text,
    edits.map((edit) => edit.path),
    unit,
  );
  if (!ranges) {
    try {
      ranges = scanJson(text, { maxDepth, select: (path) => wanted.has(JSON.stringify(path)) });
    } catch (error) {
      if (!(error instanceof JsonScanError)) throw error;
      return asSpliced(text, applyJsoncEdits(file, text, edits, error));
    }
  }
  const found = ranges;
  // Each edit lands on the deepest existing ancestor of its path; overlapping targets merge into the outer one.
  const targets = edits.map((edit) => {
    // A deletion rewrites the parent object: the key and its comma go together.
    const deepest = edit.value === undefined ? edit.path.length - 1 : edit.path.length;
    for (let depth = deepest; depth >= 0; depth--) {
      const at = edit.path.slice(0, depth);
      const range = found.get(JSON.stringify(at));
      if (range && ((depth === edit.path.length && edit.value !== undefined) || isContainer(text, range)))
        return { edit, at, range };
    }
    throw new ConfigParseError(file, 1, 1, 'the top-level value is not an object');
  });
  targets.sort((a, b) => a.range.start - b.range.start || a.at.length - b.at.length);
  const groups: Array<{ at: string[]; range: JsonRange; edits: JsonEdit[] }> = [];
  for (const target of targets) {
    const last = groups[groups.length - 1];
    if (last && target.range.start < last.range.end) last.edits.push(target.edit);
    else groups.push({ at: target.at, range: target.range, edits: [target.edit] });
  }
  const splices = groups.map((group) => {
    const { start, end } = group.range;
    let value: unknown = JSON.parse(text.slice(start, end));
    for (const edit of group.edits) value = setIn(value, edit.path.slice(group.at.length), edit.value);
    return { start, end, text: formatValue(value, unit, lineIndent(text, start)) };
  });
  return { text: joinSplices(text, splices), splices };
}

function applyJsoncEdits(
  file: string,
  text: string,
  edits: readonly JsonEdit[],
  strictError: JsonScanError,
): string {
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { allowTrailingComma: true });
  if (errors.length > 0 || text.trim() === '') {
    throw new ConfigParseError(
      file,
      strictError.line,
      strictError.column,
      strictError.message.replace(/ at line.*$/, ''),
    );
  }
  const unit = indentUnit(text);
  const formattingOptions = {
    insertSpaces: !unit.includes('\t'),
    tabSize: unit.includes('\t') ? 1 : unit.length,
    eol: '\n',
  };
  let out = text;
  for (const edit of edits)
    out = applyEdits(out, modify(out, [...edit.path], edit.value, { formattingOptions }));
  return out;
}

function isContainer(text: string, range: JsonRange): boolean {
  return text.charCodeAt(range.start) === 123;
}

/** Returns a copy of `root` with the value at `path` set, or deleted when `value` is undefined. */
function setIn(root: unknown, path: readonly string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string, ...string[]];
  const object =
    root !== null && typeof root === 'object' && !Array.isArray(root)
      ? { ...(root as Record<string, unknown>) }
      : {};
  const next = setIn(object[head], rest, value);
  if (next === undefined) delete object[head];
  else object[head] = next;
  return object;
}

/** The file's indentation unit (two spaces unless the file says otherwise). */
function indentUnit(text: string): string {
  const match = /\n([ \t]+)["{[\]}]/.exec(text.slice(0, 4096));
  return match?.[1] ?? '  ';
}

function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))?.[0] ?? '';
}

function formatValue(value: unknown, unit: string, base: string): string {
  const json = JSON.stringify(value, null, unit);
  return base ? json.replaceAll('\n', `\n${base}`) : json;
}

import type { JsonRange } from './json-scan.js';

/**
 * Finds values in pretty-printed JSON (`JSON.stringify(v, null, indent)`, which is how Claude Code and
 * most clients write) by their indentation instead of tokenizing the whole file.
 *
 * JSON strings cannot hold a raw newline, so a line starting with exactly `depth` indents and a quote is
 * a direct child key of the enclosing object, and the first later line with exactly `depth` indents and
 * the closing bracket ends the value. Returns `undefined` when the text is not laid out that way, so the
 * caller falls back to a full scan; a located key that is missing maps to nothing.
 *
 * Paths are grouped by parent: a parent with one wanted child is searched with one `indexOf`; a parent
 * with many (the cleaner asks for hundreds of `projects[k]`) is walked once, sibling by sibling, so the
 * cost stays linear in the file rather than one file-length search per key.
 */
export function locatePretty(
  text: string,
  paths: readonly (readonly string[])[],
  unit: string,
): Map<string, JsonRange> | undefined {
  if (!text.startsWith(`{\n${unit}"`)) return undefined;
  const rootEnd = text.trimEnd().length;
  if (text.charCodeAt(rootEnd - 1) !== 125 || text.charCodeAt(rootEnd - 2) !== 10) return undefined;
  const ranges = new Map<string, JsonRange>([['[]', { start: 0, end: rootEnd }]]);
  let level: Array<readonly string[]> = paths.filter((path) => path.length > 0);
  for (let depth = 1; level.length > 0; depth++) {
    // The wanted keys at this depth, grouped by the parent they live in.
    const byParent = new Map<string, Set<string>>();
    for (const path of level) {
      const parentId = JSON.stringify(path.slice(0, depth - 1));
      const keys = byParent.get(parentId) ?? new Set<string>();
      keys.add(path[depth - 1]!);
      byParent.set(parentId, keys);
    }
    for (const [parentId, keys] of byParent) {
      const parent = ranges.get(parentId);
      if (!parent || text.charCodeAt(parent.start) !== 123) continue;
      const parentPath = JSON.parse(parentId) as string[];
      const found = locateChildren(text, parent, keys, unit.repeat(depth));
      if (found === null) return undefined;
      for (const [key, range] of found) ranges.set(JSON.stringify([...parentPath, key]), range);
    }
    level = level.filter((path) => path.length > depth);
  }
  return ranges;
}

/** The ranges of the wanted keys among one object's children; `null`: not a layout this locator reads. */
function locateChildren(
  text: string,
  parent: JsonRange,
  keys: ReadonlySet<string>,
  indent: string,
): Map<string, JsonRange> | null {
  const found = new Map<string, JsonRange>();
  if (keys.size === 1) {
    const key = keys.values().next().value!;
    const needle = `\n${indent}${JSON.stringify(key)}: `;
    const at = text.indexOf(needle, parent.start);
    if (at === -1 || at >= parent.end) return found;
    const range = valueRange(text, at + needle.length, indent, parent.end);
    if (range === null) return null;
    found.set(key, range);
    return found;
  }
  const lineStart = `\n${indent}"`;
  for (let at = text.indexOf(lineStart, parent.start); at !== -1 && at < parent.end; ) {
    const keyStart = at + lineStart.length - 1;
    const keyEnd = closingQuote(text, keyStart);
    if (keyEnd === -1 || text.charCodeAt(keyEnd + 1) !== 58 || text.charCodeAt(keyEnd + 2) !== 32) return null;
    const range = valueRange(text, keyEnd + 3, indent, parent.end);
    if (range === null) return null;
    const raw = text.slice(keyStart + 1, keyEnd);
    const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
    // The first occurrence wins, as with the single-key search.
    if (keys.has(key) && !found.has(key)) {
      found.set(key, range);
      if (found.size === keys.size) break;
    }
    at = text.indexOf(lineStart, range.end);
  }
  return found;
}

/** Offset of the quote closing the string that opens at `open`; -1 when unterminated on its line. */
function closingQuote(text: string, open: number): number {
  for (let end = text.indexOf('"', open + 1); end !== -1; end = text.indexOf('"', end + 1)) {
    let slashes = 0;
    for (let back = end - 1; text.charCodeAt(back) === 92; back--) slashes++;
    if (slashes % 2 === 0) return end;
  }
  return -1;
}

/** The range of the value starting at `start`; `null` when the layout is not the pretty-printed one. */
function valueRange(text: string, start: number, indent: string, limit: number): JsonRange | null {
  const open = text.charCodeAt(start);
  if (open === 123 || open === 91) {
    const close = open === 123 ? '}' : ']';
    if (text[start + 1] === close) return { start, end: start + 2 };
    if (text.charCodeAt(start + 1) !== 10) return null;
    const closing = text.indexOf(`\n${indent}${close}`, start);
    if (closing === -1 || closing >= limit) return null;
    return { start, end: closing + 1 + indent.length + 1 };
  }
  const lineEnd = text.indexOf('\n', start);
  if (lineEnd === -1) return null;
  const end = text.charCodeAt(lineEnd - 1) === 44 ? lineEnd - 1 : lineEnd;
  return { start, end };
}

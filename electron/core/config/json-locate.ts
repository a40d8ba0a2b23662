import type { JsonRange } from './json-scan.js';

/**
 * Finds values in pretty-printed JSON (`JSON.stringify(v, null, indent)`, which is how Claude Code and
 * most clients write) by their indentation instead of tokenizing the whole file.
 *
 * JSON strings cannot hold a raw newline, so a line starting with exactly `depth` indents and a quote is
 * a direct child key of the enclosing object, and the first later line with exactly `depth` indents and
 * the closing bracket ends the value. Returns `undefined` when the text is not laid out that way, so the
 * caller falls back to a full scan; a located key that is missing maps to nothing.
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
  for (const path of paths) {
    let parent: JsonRange = { start: 0, end: rootEnd };
    for (let depth = 1; depth <= path.length; depth++) {
      const id = JSON.stringify(path.slice(0, depth));
      const known = ranges.get(id);
      if (known) {
        parent = known;
        continue;
      }
      if (text.charCodeAt(parent.start) !== 123) break;
      const found = locateChild(text, parent, path[depth - 1]!, unit.repeat(depth));
      if (found === null) return undefined;
      if (!found) break;
      ranges.set(id, found);
      parent = found;
    }
  }
  return ranges;
}

/** `undefined`: no such key; `null`: the layout is not what this locator understands. */
function locateChild(
  text: string,
  parent: JsonRange,
  key: string,
  indent: string,
): JsonRange | undefined | null {
  const needle = `\n${indent}${JSON.stringify(key)}: `;
  const at = text.indexOf(needle, parent.start);
  if (at === -1 || at >= parent.end) return undefined;
  const start = at + needle.length;
  const open = text.charCodeAt(start);
  if (open === 123 || open === 91) {
    const close = open === 123 ? '}' : ']';
    if (text[start + 1] === close) return { start, end: start + 2 };
    if (text.charCodeAt(start + 1) !== 10) return null;
    const closing = text.indexOf(`\n${indent}${close}`, start);
    if (closing === -1 || closing >= parent.end) return null;
    return { start, end: closing + 1 + indent.length + 1 };
  }
  const lineEnd = text.indexOf('\n', start);
  if (lineEnd === -1) return null;
  const end = text.charCodeAt(lineEnd - 1) === 44 ? lineEnd - 1 : lineEnd;
  return { start, end };
}

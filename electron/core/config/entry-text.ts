import { parseConfigText, type ConfigFormat } from '../clients/config-file.js';
import { walk } from '../clients/discover.js';
import { locatePretty } from './json-locate.js';
import { JsonScanError, scanJson, type JsonRange } from './json-scan.js';

/**
 * The current value of one entry in a file's text, found without parsing a large file whole when the
 * layout allows (see `locatePretty`); `undefined` when the entry is not there.
 */
export function entryAt(
  file: string,
  text: string,
  format: ConfigFormat,
  location: readonly string[],
): unknown {
  if (format === 'json') {
    const ranges = locatePretty(text, [location], '  ');
    if (ranges) {
      const range = ranges.get(JSON.stringify(location));
      return range ? (JSON.parse(text.slice(range.start, range.end)) as unknown) : undefined;
    }
  }
  return walk(parseConfigText(file, text, format), location);
}

/** Structural equality of JSON values (key order ignored), to tell "the entry we saw" from a newer one. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) =>
    sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}

/**
 * Where one entry's value sits in a strict-JSON text (for putting its exact original bytes back on
 * unwrap); `undefined` when it is not there or the file is not strict JSON (comments: jsonc path).
 */
export function entryRange(text: string, location: readonly string[]): JsonRange | undefined {
  const key = JSON.stringify(location);
  const pretty = locatePretty(text, [location], '  ');
  if (pretty) return pretty.get(key);
  try {
    const wanted = new Set(location.map((_, depth) => JSON.stringify(location.slice(0, depth + 1))));
    return scanJson(text, {
      maxDepth: location.length,
      select: (path) => path.length === 0 || wanted.has(JSON.stringify(path)),
    }).get(key);
  } catch (error) {
    if (error instanceof JsonScanError) return undefined;
    throw error;
  }
}

import { parseConfigText, type ConfigFormat } from '../clients/config-file.js';
import { walk } from '../clients/discover.js';
import { locatePretty } from './json-locate.js';

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

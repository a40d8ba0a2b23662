/**
 * The log viewer's text search, one definition for the service (which filters with it) and the
 * renderer (which highlights with it), so a highlighted word is always why a row matched.
 *
 * Plain text is a substring, case-insensitive unless `matchCase`; `regex` takes a JavaScript regular
 * expression (also case-insensitive unless `matchCase`). An invalid one is an error value, not a throw.
 */
export type LogSearchSpec = {
  q?: string | undefined;
  regex?: boolean | undefined;
  matchCase?: boolean | undefined;
};

export type LogSearch =
  | { ok: true; empty: true }
  | {
      ok: true;
      empty: false;
      /** A stable key for caches: same key, same matches. */
      key: string;
      test(text: string): boolean;
      /** [start, end) character ranges of every match in `text`, in order, at most `limit`. */
      ranges(text: string, limit?: number): Array<[number, number]>;
      /** For plain text: the needle as matched against `fold(text)`; undefined for a regex. */
      needle?: string;
      fold(text: string): string;
    }
  | { ok: false; error: string };

const identity = (text: string): string => text;
const lower = (text: string): string => text.toLowerCase();

export function compileLogSearch(spec: LogSearchSpec): LogSearch {
  const q = spec.q ?? '';
  if (q === '') return { ok: true, empty: true };
  const fold = spec.matchCase ? identity : lower;
  const key = `${spec.regex ? 're' : 'tx'}:${spec.matchCase ? 'c' : 'i'}:${q}`;
  if (!spec.regex) {
    const needle = fold(q);
    return {
      ok: true,
      empty: false,
      key,
      needle,
      fold,
      test: (text) => fold(text).includes(needle),
      ranges: (text, limit = 1000) => {
        const folded = fold(text);
        const found: Array<[number, number]> = [];
        // Lower-casing keeps the length of nearly every text; where it does not, ranges are skipped.
        if (folded.length !== text.length) return found;
        for (let at = folded.indexOf(needle); at >= 0 && found.length < limit;) {
          found.push([at, at + needle.length]);
          at = folded.indexOf(needle, at + needle.length);
        }
        return found;
      },
    };
  }
  let pattern: RegExp;
  try {
    pattern = new RegExp(q, spec.matchCase ? 'u' : 'iu');
  } catch (error) {
    return { ok: false, error: describeRegexError(error) };
  }
  const global = new RegExp(pattern.source, `${pattern.flags}g`);
  return {
    ok: true,
    empty: false,
    key,
    fold: identity,
    test: (text) => pattern.test(text),
    ranges: (text, limit = 1000) => {
      const found: Array<[number, number]> = [];
      global.lastIndex = 0;
      for (let match = global.exec(text); match && found.length < limit; match = global.exec(text)) {
        if (match[0].length === 0) {
          global.lastIndex++; // an empty match (`a*`) must not loop forever
          continue;
        }
        found.push([match.index, match.index + match[0].length]);
      }
      return found;
    },
  };
}

function describeRegexError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // "Invalid regular expression: /(/iu: Unterminated group" → "Unterminated group".
  const reason = /:\s*([^:]+)$/.exec(text)?.[1]?.trim();
  return `Invalid regular expression: ${reason ?? text}`;
}

/**
 * Finds the source text of a few values in a JSON text without parsing it into numbers.
 *
 * `JSON.parse` turns `9007199254740993` into `9007199254740992` and `1.0` into `1`; a JSON-RPC answer
 * must carry the client's id exactly as sent. This scanner walks the text, tracks the key path, and
 * returns the raw text of the values at the wanted paths; it stops as soon as each was seen once (an
 * id is near the start of a JSON-RPC line, so the cost is a few bytes, not the payload). A repeated key
 * is a hostile corner: `JSON.parse` keeps the last, this the first, so callers check that the two agree.
 * It also works on a truncated text (the head of an oversized line): it reports what it saw.
 */
export type RawValue = { raw: string; type: 'string' | 'number' | 'literal' | 'object' | 'array' };

type Frame = { kind: 'object' | 'array'; key: string | undefined; index: number; expectKey: boolean };

/** `paths` are key paths, array positions as decimal strings: `[['id'], ['params', 'requestId']]`. */
export function rawValuesAt(text: string, paths: readonly (readonly string[])[]): Map<string, RawValue> {
  const wanted = new Set(paths.map((path) => path.join('\u0000')));
  const found = new Map<string, RawValue>();
  const stack: Frame[] = [];
  const pathKey = (): string => stack.map((frame) => frame.key ?? '').join('\u0000');
  let i = 0;
  const skipSpace = (): void => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };
  /** Index after the closing quote of the string opening at `from`, or -1 when the text ends first. */
  const stringEnd = (from: number): number => {
    let j = from;
    for (;;) {
      j = text.indexOf('"', j + 1);
      if (j < 0) return -1;
      let backslashes = 0;
      while (text[j - 1 - backslashes] === '\\') backslashes++;
      if (backslashes % 2 === 0) return j + 1;
    }
  };
  const afterValue = (): void => {
    const top = stack.at(-1);
    if (!top) return;
    if (top.kind === 'object') top.expectKey = true;
    else top.key = String(++top.index);
  };
  while (i < text.length) {
    skipSpace();
    if (i >= text.length) break;
    const top = stack.at(-1);
    const char = text[i]!;
    if (char === ',' || char === ':') {
      i++;
      continue;
    }
    if (char === '}' || char === ']') {
      stack.pop();
      i++;
      afterValue();
      continue;
    }
    if (top?.kind === 'object' && top.expectKey) {
      if (char !== '"') return found; // not JSON: stop with what was seen
      const end = stringEnd(i);
      if (end < 0) return found;
      const rawKey = text.slice(i, end);
      top.key = rawKey.includes('\\') ? decodeKey(rawKey) : rawKey.slice(1, -1);
      top.expectKey = false;
      i = end;
      continue;
    }
    const here = stack.length === 0 ? undefined : pathKey();
    const record = (raw: string, type: RawValue['type']): void => {
      if (here !== undefined && wanted.has(here) && !found.has(here.split('\u0000').join('.')))
        found.set(here.split('\u0000').join('.'), { raw, type });
    };
    if (char === '{' || char === '[') {
      record(char, char === '{' ? 'object' : 'array');
      if (found.size === wanted.size) return found;
      stack.push({
        kind: char === '{' ? 'object' : 'array',
        key: char === '[' ? '0' : undefined,
        index: 0,
        expectKey: char === '{',
      });
      i++;
      continue;
    }
    if (char === '"') {
      const end = stringEnd(i);
      if (end < 0) return found;
      record(text.slice(i, end), 'string');
      i = end;
    } else {
      let j = i;
      while (j < text.length && !',}] \t\r\n'.includes(text[j]!)) j++;
      if (j >= text.length && stack.length > 0) return found; // cut mid-token
      const raw = text.slice(i, j);
      record(raw, /^-?\d/.test(raw) ? 'number' : 'literal');
      i = j;
    }
    afterValue();
    if (found.size === wanted.size) return found;
  }
  return found;
}

function decodeKey(rawKey: string): string {
  try {
    return JSON.parse(rawKey) as string;
  } catch {
    return rawKey;
  }
}

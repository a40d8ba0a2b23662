import { redactArgs, redactEnv, redactHeaders, redactText, redactUrl } from '../redact.js';

const CONTEXT_LINES = 3;

/**
 * A unified diff of one file's change, secrets redacted line by line. Tether's edits are minimal
 * splices in one region, so one hunk (common head and tail trimmed, three lines of context) is the
 * whole diff. Empty when the texts are equal.
 */
export function unifiedDiff(
  file: string,
  before: string,
  after: string,
  secrets: ReadonlyMap<string, string> = new Map(),
): string {
  if (before === after) return '';
  const a = before.split('\n');
  const b = after.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  const start = Math.max(0, head - CONTEXT_LINES);
  const endA = Math.min(a.length, a.length - tail + CONTEXT_LINES);
  const endB = Math.min(b.length, b.length - tail + CONTEXT_LINES);
  const lines = [
    ...a.slice(start, head).map((line) => ` ${line}`),
    ...a.slice(head, a.length - tail).map((line) => `-${line}`),
    ...b.slice(head, b.length - tail).map((line) => `+${line}`),
    ...a.slice(a.length - tail, endA).map((line) => ` ${line}`),
  ];
  const range = (from: number, count: number): string => `${count === 0 ? from : from + 1},${count}`;
  return [
    `--- ${file}`,
    `+++ ${file}`,
    `@@ -${range(start, endA - start)} +${range(start, endB - start)} @@`,
    ...lines.map((line) => redactText(maskKnown(line, secrets))),
    '',
  ].join('\n');
}

/**
 * The secret strings of config entries (raw → redacted), found the way the rest of Tether judges them:
 * `args` by `redactArgs`, `env` by `redactEnv`, `headers` by `redactHeaders`, `url` by `redactUrl`.
 * Line-by-line `redactText` cannot see them when a pretty-printed array puts `"--api-key",` on one
 * line and its value on the next, or when a compact line holds JSON-quoted arguments.
 */
export function entrySecrets(...entries: unknown[]): Map<string, string> {
  const found = new Map<string, string>();
  const pair = (raw: readonly string[], redacted: readonly string[]): void =>
    raw.forEach((value, index) => {
      if (redacted[index] !== undefined && redacted[index] !== value) found.set(value, redacted[index]);
    });
  const strings = (value: unknown): Record<string, string> =>
    Object.fromEntries(
      Object.entries(value as Record<string, unknown>).filter(
        (field): field is [string, string] => typeof field[1] === 'string',
      ),
    );
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (!value || typeof value !== 'object') return;
    for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
      if (key === 'args' && Array.isArray(field) && field.every((arg) => typeof arg === 'string'))
        pair(field, redactArgs(field));
      else if ((key === 'env' || key === 'headers') && field && typeof field === 'object') {
        const values = strings(field);
        const redacted = key === 'env' ? redactEnv(values) : redactHeaders(values);
        pair(
          Object.values(values),
          Object.keys(values).map((name) => redacted[name]!),
        );
      } else if (key === 'url' && typeof field === 'string') pair([field], [redactUrl(field)]);
      walk(field);
    }
  };
  entries.forEach(walk);
  return found;
}

/** Replaces each known secret, as written or JSON-escaped, longest first (a value inside another). */
function maskKnown(line: string, secrets: ReadonlyMap<string, string>): string {
  let out = line;
  for (const [raw, redacted] of [...secrets].sort((a, b) => b[0].length - a[0].length)) {
    if (!raw) continue;
    out = out.split(raw).join(redacted);
    const escaped = JSON.stringify(raw).slice(1, -1);
    if (escaped !== raw) out = out.split(escaped).join(JSON.stringify(redacted).slice(1, -1));
  }
  return out;
}

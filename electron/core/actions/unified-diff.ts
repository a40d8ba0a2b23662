import { redactText } from '../redact.js';

const CONTEXT_LINES = 3;

/**
 * A unified diff of one file's change, secrets redacted line by line. Tether's edits are minimal
 * splices in one region, so one hunk (common head and tail trimmed, three lines of context) is the
 * whole diff. Empty when the texts are equal.
 */
export function unifiedDiff(file: string, before: string, after: string): string {
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
    ...lines.map((line) => redactText(line)),
    '',
  ].join('\n');
}

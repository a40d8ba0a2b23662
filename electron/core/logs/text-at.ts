/**
 * `text.startsWith(part, at)`, compared char by char. On the log hot path both strings are usually cut
 * from a line (V8 sliced strings), and Node 20's `startsWith` with a non-literal argument took ~6 % of
 * parse + normalize there (CPU profile of the logs bench); this loop is inlined by the JIT.
 */
export function textAt(text: string, part: string, at = 0): boolean {
  if (at + part.length > text.length) return false;
  for (let index = 0; index < part.length; index++)
    if (text.charCodeAt(at + index) !== part.charCodeAt(index)) return false;
  return true;
}

/** Replace `before[start, end)` with `text`. */
export type Splice = { start: number; end: number; text: string };

/** An edited text with the splices that made it, sorted and non-overlapping, in the old text's offsets. */
export type SplicedText = { text: string; splices: readonly Splice[] };

/**
 * The edited text. Built with `+`, which V8 answers with a rope in constant time; it is flattened once,
 * by its first reader. `Array.join` or repeated slicing of a growing result would copy 20 MB per call.
 */
export function joinSplices(before: string, splices: readonly Splice[]): string {
  let out = '';
  let copied = 0;
  for (const splice of splices) {
    out += before.slice(copied, splice.start) + splice.text;
    copied = splice.end;
  }
  return out + before.slice(copied);
}

/** `next` as a splice of `before`, when all the caller has is the edited text. */
export function asSpliced(before: string, next: string | SplicedText): SplicedText {
  if (typeof next !== 'string') return next;
  const { start, beforeEnd, nextEnd } = changedWindow(before, next);
  return { text: next, splices: [{ start, end: beforeEnd, text: next.slice(start, nextEnd) }] };
}

const CHUNK = 1 << 16;

/**
 * Where two texts differ: `[start, beforeEnd)` in one and `[start, nextEnd)` in the other. The common
 * prefix and suffix are compared in 64 KiB slices (a memcmp each), then by character. The window never
 * splits a surrogate pair, so its edges are also UTF-8 byte boundaries.
 */
export function changedWindow(
  before: string,
  next: string,
): { start: number; beforeEnd: number; nextEnd: number } {
  const shorter = Math.min(before.length, next.length);
  let start = 0;
  while (start + CHUNK <= shorter && before.slice(start, start + CHUNK) === next.slice(start, start + CHUNK))
    start += CHUNK;
  while (start < shorter && before.charCodeAt(start) === next.charCodeAt(start)) start++;
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
  const room = shorter - start;
  let tail = 0;
  while (
    tail + CHUNK <= room &&
    before.slice(before.length - tail - CHUNK, before.length - tail) ===
      next.slice(next.length - tail - CHUNK, next.length - tail)
  )
    tail += CHUNK;
  while (tail < room && before.charCodeAt(before.length - tail - 1) === next.charCodeAt(next.length - tail - 1))
    tail++;
  if (tail > 0 && isLowSurrogate(before.charCodeAt(before.length - tail))) tail--;
  return { start, beforeEnd: before.length - tail, nextEnd: next.length - tail };
}

/**
 * The regions around the splices, widened by `margin` on each side and merged where they touch, in both
 * texts' offsets. Outside them the two texts are the same characters, so any pattern up to `margin`
 * long that overlaps a splice lies wholly inside one region, and one that does not is in both texts.
 */
export function spliceRegions(
  before: string,
  edited: SplicedText,
  margin: number,
): Array<{ before: string; next: string }> {
  const regions: Array<{ before: string; next: string }> = [];
  let shift = 0;
  let index = 0;
  const { splices, text } = edited;
  while (index < splices.length) {
    const first = splices[index]!;
    const startShift = shift;
    let end = first.end;
    shift += first.text.length - (first.end - first.start);
    index++;
    while (index < splices.length && splices[index]!.start - margin < end + margin) {
      const splice = splices[index]!;
      end = splice.end;
      shift += splice.text.length - (splice.end - splice.start);
      index++;
    }
    const from = Math.max(0, first.start - margin);
    regions.push({
      before: before.slice(from, Math.min(before.length, end + margin)),
      next: text.slice(Math.max(0, first.start + startShift - margin), Math.min(text.length, end + shift + margin)),
    });
  }
  return regions;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

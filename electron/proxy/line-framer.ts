/**
 * Newline framing for stdio JSON-RPC, written for large messages.
 *
 * The SDK's ReadBuffer caps a line at 10 MiB and closes the transport when exceeded (one oversized
 * message kills the session). Here chunks are kept as a list and joined only when a newline
 * arrives, so a 64 MiB line costs one concatenation, not a quadratic series of them. Lines over
 * `maxLineBytes` are skipped (reported once) instead of killing the stream.
 */
export type LineFramerOptions = {
  onLine: (line: Buffer) => void;
  /**
   * Called for a line that exceeded the limit; its bytes are discarded except the first
   * OVERSIZE_HEAD_BYTES, so the caller can still read the request's id and answer it.
   */
  onOversize?: (bytes: number, head: Buffer) => void;
  maxLineBytes?: number;
};

export const DEFAULT_MAX_LINE_BYTES = 256 * 1024 * 1024;
/** How much of an oversized line is kept: enough for `{"jsonrpc":"2.0","id":…,"method":…`. */
export const OVERSIZE_HEAD_BYTES = 4096;

/** Returns a `push(chunk)` function that calls `onLine` per complete line (without the newline, CR stripped). */
export function createLineFramer(options: LineFramerOptions): {
  push(chunk: Buffer): void;
  pendingBytes(): number;
} {
  const max = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  let parts: Buffer[] = [];
  let size = 0;
  let skipping = false;
  let head: Buffer = Buffer.alloc(0);

  const emit = (line: Buffer): void => {
    if (line.length > max) {
      options.onOversize?.(line.length, Buffer.from(line.subarray(0, OVERSIZE_HEAD_BYTES)));
      return;
    }
    let end = line.length;
    if (end > 0 && line[end - 1] === 0x0d) end -= 1;
    if (end === 0) return;
    options.onLine(end === line.length ? line : line.subarray(0, end));
  };

  return {
    push(chunk: Buffer): void {
      let start = 0;
      while (start < chunk.length) {
        const nl = chunk.indexOf(0x0a, start);
        if (nl === -1) {
          const rest = chunk.subarray(start);
          if (!skipping) {
            parts.push(rest);
            size += rest.length;
            if (size > max) {
              skipping = true;
              head = firstBytes(parts, OVERSIZE_HEAD_BYTES);
              parts = [];
            }
          } else {
            size += rest.length;
          }
          return;
        }
        const piece = chunk.subarray(start, nl);
        if (skipping) {
          options.onOversize?.(size + piece.length, head);
          head = Buffer.alloc(0);
          skipping = false;
        } else if (parts.length === 0) {
          emit(piece);
        } else {
          parts.push(piece);
          emit(Buffer.concat(parts, size + piece.length));
        }
        parts = [];
        size = 0;
        start = nl + 1;
      }
    },
    pendingBytes: () => size,
  };
}

/** The first `count` bytes of `parts`, copying no more than that (the parts may hold 256 MiB). */
function firstBytes(parts: Buffer[], count: number): Buffer {
  const taken: Buffer[] = [];
  let length = 0;
  for (const part of parts) {
    if (length >= count) break;
    const slice = part.subarray(0, count - length);
    taken.push(slice);
    length += slice.length;
  }
  return Buffer.concat(taken, length);
}

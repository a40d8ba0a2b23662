import { isAscii } from 'node:buffer';
import { createReadStream } from 'node:fs';

/** Longest line kept; longer ones (binary junk, a runaway stack) are skipped and counted. */
export const MAX_LINE_BYTES = 8 * 1024 * 1024;

export type SplitResult = {
  /** Byte offset just past the last complete line consumed. */
  endOffset: number;
  /** Number of the last complete line consumed (1-based count from the file start, if known). */
  endLine: number;
  /** Text after the last newline (a line still being written), if any. */
  partial?: string;
  oversized: number;
};

/**
 * Streams `file` from `start` and calls `onLine(text, lineNumber)` for every complete line.
 *
 * Reads in 1 MiB chunks and splits on `\n` in the buffer (no readline, no whole-file reads), so memory
 * stays flat whatever the file size. `skipFirst` discards bytes up to the first newline, for reads that
 * start mid-file. A final line without a newline is not consumed: the writer may still be on it.
 */
export async function splitLines(
  file: string,
  options: {
    start: number;
    startLine: number;
    skipFirst?: boolean;
    /** Stop at this byte offset (exclusive); a line cut there counts as partial. */
    end?: number;
    onLine: (text: string, line: number) => void;
  },
): Promise<SplitResult> {
  const { onLine } = options;
  let line = options.startLine;
  let offset = options.start;
  let skipping = options.skipFirst ?? false;
  let carry: Buffer | undefined;
  let oversized = 0;
  if (options.end !== undefined && options.end <= options.start)
    return { endOffset: options.start, endLine: line, oversized };
  const stream = createReadStream(file, {
    start: options.start,
    ...(options.end === undefined ? {} : { end: options.end - 1 }),
    highWaterMark: 1 << 20,
  });
  // Decoding is a large part of the per-line cost: a chunk that is all ASCII (nearly every log; one
  // SIMD check per chunk) is decoded as latin1, a plain byte copy, instead of through the UTF-8 decoder.
  let encoding: 'latin1' | 'utf8' = 'utf8';
  /** One complete line `buffer[start, newline)`; a `\r` before the newline is not part of it. */
  const consume = (buffer: Buffer, start: number, newline: number): void => {
    if (skipping) {
      skipping = false;
      if (oversized > 0) line++;
      return;
    }
    line++;
    const end = newline > start && buffer[newline - 1] === 13 ? newline - 1 : newline;
    if (end > start) onLine(buffer.toString(encoding, start, end), line);
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let buffer = chunk;
    let position = 0;
    if (carry) {
      // Join the carried partial line with this chunk only up to its newline: concatenating the whole
      // 1 MiB chunk to a few carried bytes copied every byte of the file a second time.
      const newline = chunk.indexOf(10);
      if (newline < 0) buffer = Buffer.concat([carry, chunk]);
      else {
        const joined = Buffer.concat([carry, chunk.subarray(0, newline)]);
        encoding = isAscii(joined) ? 'latin1' : 'utf8';
        consume(joined, 0, joined.length);
        offset += joined.length + 1;
        position = newline + 1;
      }
      carry = undefined;
    }
    const counted = position;
    encoding = isAscii(buffer) ? 'latin1' : 'utf8';
    for (;;) {
      const newline = buffer.indexOf(10, position);
      if (newline < 0) break;
      consume(buffer, position, newline);
      position = newline + 1;
    }
    offset += position - counted;
    carry = position < buffer.length ? buffer.subarray(position) : undefined;
    if (carry && carry.length > MAX_LINE_BYTES) {
      // Drop the runaway line; its bytes count as consumed so a tail never re-reads them.
      offset += carry.length;
      carry = undefined;
      skipping = true;
      oversized++;
    }
  }
  return {
    endOffset: offset,
    endLine: line,
    ...(carry && !skipping ? { partial: carry.toString('utf8') } : {}),
    oversized,
  };
}

/** Counts newlines in the first `bytes` of a file, streaming (for line numbers of tail-only reads). */
export async function countLines(file: string, bytes: number): Promise<number> {
  if (bytes <= 0) return 0;
  let count = 0;
  const stream = createReadStream(file, { start: 0, end: bytes - 1, highWaterMark: 1 << 20 });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let position = chunk.indexOf(10);
    while (position >= 0) {
      count++;
      position = chunk.indexOf(10, position + 1);
    }
  }
  return count;
}

import { readFile } from 'node:fs/promises';
import type { LogEvent, ServerIdentity } from '../../../shared/log-events.js';
import { FORMAT_READERS } from './log-formats.js';
import { toLogEvent, type Classifier, type RawLogEntry } from './log-entry.js';
import type { LogSource } from './log-source.js';
import { countLines, splitLines } from './line-splitter.js';

/** Whole-document logs (legacy Claude Code `.txt`) larger than this are skipped and reported. */
export const MAX_WHOLE_FILE_BYTES = 64 * 1024 * 1024;
/** Tail-only reads count skipped lines (for file:line evidence) only up to this many bytes. */
const MAX_LINE_COUNT_BYTES = 256 * 1024 * 1024;

/** Where a read starts; a tailer passes back what the previous read returned. */
export type ReadPosition = { offset: number; line: number; entries: number };

/** Which part of a file readLogFile reads (from, until, a byte cap) and where each event goes. */
export type ReadOptions = {
  from?: ReadPosition;
  /** Read at most this many bytes from the end (newest evidence first in huge files). */
  maxBytes?: number;
  /** Stop here (a tailer replaying history up to its saved position): bytes, or entries of whole files. */
  until?: ReadPosition;
  /** Also emit a final line without a newline (one-shot reads; a tailer waits for the newline). */
  includePartial?: boolean;
  onEvent: (event: LogEvent) => void;
};

export type ReadResult = { position: ReadPosition; events: number; malformed: number; partial: boolean };

/**
 * Reads one log file from a position and emits normalized events in file order.
 *
 * Line formats stream (constant memory). The legacy JSON-array format is re-read whole each time (the
 * client rewrites it whole) and entries before `from.entries` are skipped, so a rewrite never
 * duplicates events; a shrunken array (a new file under the same name) starts over.
 */
export async function readLogFile(source: LogSource, options: ReadOptions): Promise<ReadResult> {
  const reader = FORMAT_READERS[source.format];
  const classify = reader.createClassifier();
  const emit = emitter(source, classify, options.onEvent);
  const from = options.from ?? { offset: 0, line: 0, entries: 0 };
  if (reader.mode === 'whole') {
    if (source.size > MAX_WHOLE_FILE_BYTES)
      return { position: from, events: 0, malformed: 1, partial: false };
    const { entries, malformed } = reader.parse(await readFile(source.file, 'utf8'));
    const skip = entries.length >= from.entries ? from.entries : 0;
    const stop = options.until ? Math.min(options.until.entries, entries.length) : entries.length;
    let events = 0;
    for (let index = skip; index < stop; index++) events += emit(entries[index]!);
    return {
      position: { offset: options.until ? from.offset : source.size, line: 0, entries: stop },
      events,
      malformed,
      partial: false,
    };
  }
  let start = from.offset;
  let startLine = from.line;
  let skipFirst = false;
  let unknownLines = false;
  const end = options.until?.offset ?? source.size;
  if (options.maxBytes !== undefined && end - start > options.maxBytes) {
    start = end - options.maxBytes;
    skipFirst = true;
    // The line cut at `start` is skipped; the first complete one after it is number (newlines before) + 2.
    unknownLines = start > MAX_LINE_COUNT_BYTES;
    startLine = unknownLines ? 0 : (await countLines(source.file, start)) + 1;
  }
  const parse = reader.createParser();
  let events = 0;
  let malformed = 0;
  const onLine = (text: string, line: number): void => {
    const entry = parse(text, unknownLines ? 0 : line);
    if (entry === undefined) malformed++;
    else if (entry !== null) events += emit(entry);
  };
  const split = await splitLines(source.file, {
    start,
    startLine,
    skipFirst,
    onLine,
    ...(options.until ? { end: options.until.offset } : {}),
  });
  if (options.includePartial && split.partial?.trim()) onLine(split.partial, split.endLine + 1);
  return {
    position: { offset: split.endOffset, line: split.endLine, entries: 0 },
    events,
    malformed: malformed + split.oversized,
    partial: split.partial !== undefined,
  };
}

function emitter(
  source: LogSource,
  classify: Classifier,
  onEvent: (event: LogEvent) => void,
): (entry: RawLogEntry) => number {
  return (entry) => {
    let server: ServerIdentity = source.server;
    if (source.multiServer) {
      if (!entry.serverName) return 0; // app-level lines of a shared log belong to no server
      server = { ...source.server, name: entry.serverName };
    }
    onEvent(toLogEvent(entry, server, source.file, classify(entry.message, entry)));
    return 1;
  };
}

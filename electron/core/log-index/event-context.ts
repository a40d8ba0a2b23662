import { open, stat } from 'node:fs/promises';
import type { LogEvent } from '../../../shared/log-events.js';
import type { LogContext } from '../../../shared/logs-contract.js';
import { mayHoldSecret, redactText } from '../redact.js';

/** Each context line is cut here (a 1 MB line must not become a 1 MB panel). */
const LINE_TEXT_LIMIT = 4096;
/**
 * How much of a line is redacted before it is cut for display: the shown part plus room for a secret
 * that straddles the cut. Not more: `redactText` slows down sharply on long unbroken runs
 * (measured: 4 KiB of one token 225 ms, 16 KiB 2.5 s, 64 KiB 48 s).
 */
const REDACT_WINDOW = 4096 + 512;
/** C0 controls except tab and newline: shown as their Control Pictures symbols. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f]/g;
/** Where line numbers were counted: one checkpoint every this many lines, per file. */
const CHECKPOINT_EVERY = 4096;
const CHUNK = 1 << 20;

type Checkpoints = { ino: number; size: number; offsets: number[] };

/**
 * Raw lines around an event in its source file, for the detail panel: redacted, control characters
 * made visible, each cut at 4 KiB. Line offsets are remembered sparsely per file, so a second look
 * into a huge file does not count its lines from the start again.
 *
 * Says so, instead of showing wrong lines, when the event has no file (a live proxy event), the file
 * is gone, or the line no longer holds the event (the file was truncated, rotated or rewritten).
 */
export class EventContextReader {
  private readonly checkpoints = new Map<string, Checkpoints>();

  async context(event: LogEvent, lines: number): Promise<Omit<LogContext, 'event' | 'messageCut'>> {
    const { file, line } = event.source;
    const base = { file, line, lines: [] };
    if (file.startsWith('control-socket:'))
      return { ...base, note: 'A live event from a running proxy (control socket): it has no log file.' };
    if (line <= 0)
      return {
        ...base,
        note: 'The line number of this event is unknown (read from the end of a huge file).',
      };
    let info;
    try {
      info = await stat(file);
    } catch (error) {
      return {
        ...base,
        note: `The file is gone (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}); the event stays in the index.`,
      };
    }
    const first = Math.max(1, line - lines);
    const read = await this.readLines(file, info, first, line + lines);
    const target = read.find((entry) => entry.line === line);
    const note = !target
      ? 'The file no longer has this line: it was truncated or rewritten since the event was read.'
      : holdsEvent(target.raw, event)
        ? undefined
        : 'This line no longer holds the event: the file was truncated, rotated or rewritten since it was read.';
    return {
      ...base,
      lines: read.map(({ line: number, raw }) => ({ line: number, ...shown(raw) })),
      ...(note ? { note } : {}),
    };
  }

  private async readLines(
    file: string,
    info: { ino: number; size: number },
    first: number,
    last: number,
  ): Promise<Array<{ line: number; raw: Buffer }>> {
    let marks = this.checkpoints.get(file);
    if (!marks || marks.ino !== info.ino || marks.size > info.size) {
      marks = { ino: info.ino, size: info.size, offsets: [0] };
      this.checkpoints.set(file, marks);
      if (this.checkpoints.size > 200) this.checkpoints.delete(this.checkpoints.keys().next().value!);
    }
    marks.size = info.size;
    // Start at the nearest checkpoint at or before the first wanted line.
    const slot = Math.min(Math.floor((first - 1) / CHECKPOINT_EVERY), marks.offsets.length - 1);
    let offset = marks.offsets[slot]!;
    let lineNumber = slot * CHECKPOINT_EVERY + 1;
    const found: Array<{ line: number; raw: Buffer }> = [];
    const handle = await open(file, 'r');
    try {
      let carry: Buffer[] = [];
      let carried = 0;
      const buffer = Buffer.alloc(CHUNK);
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, CHUNK, offset);
        if (bytesRead === 0) break;
        let start = 0;
        for (
          let newline = buffer.indexOf(10, 0);
          newline >= 0 && newline < bytesRead;
          newline = buffer.indexOf(10, start)
        ) {
          if (lineNumber >= first && lineNumber <= last) {
            const piece = buffer.subarray(start, newline);
            found.push({ line: lineNumber, raw: Buffer.concat([...carry, piece]) });
          }
          carry = [];
          carried = 0;
          start = newline + 1;
          lineNumber++;
          if ((lineNumber - 1) % CHECKPOINT_EVERY === 0) {
            const mark = (lineNumber - 1) / CHECKPOINT_EVERY;
            if (mark === marks.offsets.length) marks.offsets.push(offset + start);
          }
          if (lineNumber > last) return found;
        }
        // Keep only what a shown line needs of a long line (its first bytes), not the whole of it.
        if (lineNumber >= first && carried < LINE_TEXT_LIMIT * 4) {
          carry.push(Buffer.from(buffer.subarray(start, bytesRead)));
          carried += bytesRead - start;
        }
        offset += bytesRead;
      }
      if (carry.length && lineNumber >= first && lineNumber <= last)
        found.push({ line: lineNumber, raw: Buffer.concat(carry) });
      return found;
    } finally {
      await handle.close();
    }
  }
}

/**
 * Redacted text of a raw line, with control characters as their visible symbols (U+2400…). The line
 * is redacted before it is cut, over a wider window, so a secret that straddles the cut is still
 * recognised whole.
 */
function shown(raw: Buffer): { text: string; cutBytes?: number } {
  const end = raw.length > 0 && raw[raw.length - 1] === 13 ? raw.length - 1 : raw.length;
  const redacted = redact(raw.toString('utf8', 0, Math.min(end, REDACT_WINDOW)));
  const cut = redacted.length > LINE_TEXT_LIMIT;
  const text = (cut ? redacted.slice(0, LINE_TEXT_LIMIT) : redacted).replace(CONTROL_CHARACTERS, (c) =>
    String.fromCharCode(0x2400 + c.charCodeAt(0)),
  );
  const shownBytes = Buffer.byteLength(text);
  return cut || end > REDACT_WINDOW ? { text, cutBytes: Math.max(1, end - shownBytes) } : { text };
}

/**
 * Does this raw line still hold the event? Its message's first words appear in it, as written or
 * JSON-escaped (Claude Code lines are JSON); proxy journals build the message, so they are trusted.
 */
function holdsEvent(raw: Buffer, event: LogEvent): boolean {
  if (event.server.client === 'tether') return true;
  const firstLine = event.message.split('\n', 1)[0]!.slice(0, 40);
  if (firstLine.trim() === '') return true;
  const text = redact(raw.toString('utf8', 0, Math.min(raw.length, REDACT_WINDOW)));
  return text.includes(firstLine) || text.includes(JSON.stringify(firstLine).slice(1, -1));
}

/** The same cheap pre-check as the log readers use before the redaction regexes. */
function redact(text: string): string {
  return mayHoldSecret(text) ? redactText(text) : text;
}

import { closeSync, fstatSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';

/**
 * Appends JSON lines to the per-server journal, each on disk when its event happens, rotated at a
 * size cap.
 *
 * Every line is one synchronous `write` on a file descriptor kept open in append mode: a client that
 * ends the proxy with SIGKILL a few milliseconds after SIGTERM (Codex) must not take the last events
 * with it, and a batch waiting for a timer is exactly what such a kill loses. One `write(2)` of a
 * short line costs microseconds, so the proxy's hot path can afford it. At `maxBytes` the file is
 * renamed to `.1` (replacing the previous generation), so the journal never exceeds about twice the
 * cap. Failures are swallowed: reporting must never hurt the session.
 */
export class JournalWriter {
  private fd: number | undefined;
  private size = 0;
  private broken = false;

  constructor(
    private readonly file: string,
    private readonly maxBytes: number,
  ) {}

  append(line: string): void {
    if (this.broken) return;
    try {
      const text = `${line}\n`;
      const bytes = Buffer.byteLength(text);
      const fd = this.open();
      if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
      writeSync(this.fd ?? fd, text);
      this.size += bytes;
    } catch {
      // A full disk or a removed folder: stop trying rather than failing every event.
      this.broken = true;
      this.close();
    }
  }

  /** Everything appended is already on disk; kept for callers that await it. */
  flush(): Promise<void> {
    return Promise.resolve();
  }

  close(): void {
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    this.fd = undefined;
  }

  private open(): number {
    if (this.fd !== undefined) return this.fd;
    mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    this.fd = openSync(this.file, 'a', 0o600);
    this.size = fstatSync(this.fd).size;
    return this.fd;
  }

  private rotate(): void {
    this.close();
    try {
      renameSync(this.file, `${this.file}.1`);
    } catch {
      // another proxy of the same name rotated it first
    }
    this.open();
  }
}

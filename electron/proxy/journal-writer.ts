import { appendFile, mkdir, rename, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Appends JSON lines to the per-server journal, batched, rotated at a size cap.
 *
 * Writes are batched (every 250 ms or on flush) so a busy proxy pays one append per batch, not one
 * per call. At `maxBytes` the file is renamed to `.1` (replacing the previous generation), so the
 * journal never exceeds about twice the cap. Failures are swallowed: reporting must never hurt the
 * session.
 */
export class JournalWriter {
  private pending: string[] = [];
  private size: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly maxBytes: number,
  ) {}

  append(line: string): void {
    this.pending.push(line);
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), 250);
      this.timer.unref();
    }
  }

  /** Writes everything queued; resolves when it is on disk. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return this.writing;
    this.writing = this.writing.then(() => this.write(batch.join('\n') + '\n')).catch(() => undefined);
    return this.writing;
  }

  private async write(text: string): Promise<void> {
    if (this.size === undefined) {
      await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
      this.size = await stat(this.file).then(
        (info) => info.size,
        () => 0,
      );
    }
    const bytes = Buffer.byteLength(text);
    if (this.size > 0 && this.size + bytes > this.maxBytes) {
      await rename(this.file, `${this.file}.1`).catch(() => undefined);
      this.size = 0;
    }
    await appendFile(this.file, text, { mode: 0o600 });
    this.size += bytes;
  }
}

import { access } from 'node:fs/promises';
import path from 'node:path';
import type { LogNotice } from '../../../shared/logs-contract.js';
import { fsErrorReason } from '../fs-errors.js';
import { redactText } from '../redact.js';

const MAX_NOTICES = 50;
/** Missing files are looked for at most this often (the viewer polls the status). */
const GONE_CHECK_MS = 5000;

/**
 * What the index went past, in words the viewer shows: lines it could not read, files read again
 * from the start (truncated, rotated, rewritten), files and folders that disappeared (their events
 * stay), and read errors. One notice per file and reason, refreshed rather than repeated.
 */
export class IndexNotices {
  private readonly notices = new Map<string, LogNotice>();
  private readonly eventsPerFile = new Map<string, number>();
  private readonly gone = new Set<string>();
  private skipped = 0;
  private lastGoneCheck = 0;

  constructor(private readonly now: () => number = Date.now) {}

  countEvent(file: string): void {
    this.eventsPerFile.set(file, (this.eventsPerFile.get(file) ?? 0) + 1);
  }

  skippedLines(file: string, lines: number): void {
    if (lines <= 0) return;
    this.skipped += lines;
    const earlier = /^(\d+)/.exec(this.notices.get(`skip:${file}`)?.message ?? '')?.[1];
    const total = lines + Number(earlier ?? 0);
    this.note(
      'skip',
      file,
      `${total} line${total === 1 ? '' : 's'} skipped: not readable as log lines (malformed, binary or over 8 MiB)`,
    );
  }

  restarted(file: string, reason: 'rotated' | 'truncated'): void {
    this.note(
      'restart',
      file,
      reason === 'rotated'
        ? 'The file was replaced (rotated or rewritten): read again from its start; earlier events stay'
        : 'The file was truncated: read again from its start; earlier events stay',
    );
  }

  readFailed(file: string, error: unknown): void {
    this.note('error', file, `Could not read: ${redactText(fsErrorReason(error))}`);
  }

  get skippedTotal(): number {
    return this.skipped;
  }

  get fileCount(): number {
    return this.eventsPerFile.size;
  }

  /** Newest first; looks for files that disappeared (at most every few seconds). */
  async list(): Promise<LogNotice[]> {
    if (this.now() - this.lastGoneCheck >= GONE_CHECK_MS) {
      this.lastGoneCheck = this.now();
      await this.checkGone();
    }
    return [...this.notices.values()].sort((a, b) => b.time.localeCompare(a.time)).slice(0, MAX_NOTICES);
  }

  private async checkGone(): Promise<void> {
    const files = [...this.eventsPerFile.keys()].filter((file) => !file.startsWith('control-socket:'));
    await Promise.all(
      files.map(async (file) => {
        const exists = await access(file).then(
          () => true,
          () => false,
        );
        if (exists) {
          if (this.gone.delete(file)) this.notices.delete(`gone:${file}`);
          return;
        }
        if (this.gone.has(file)) return;
        this.gone.add(file);
        const folderGone = await access(path.dirname(file)).then(
          () => false,
          () => true,
        );
        const events = this.eventsPerFile.get(file) ?? 0;
        this.note(
          'gone',
          file,
          `${folderGone ? 'The folder' : 'The file'} disappeared; its ${events} event${events === 1 ? '' : 's'} stay in the index`,
        );
      }),
    );
  }

  private note(reason: string, file: string, message: string): void {
    const key = `${reason}:${file}`;
    this.notices.delete(key);
    this.notices.set(key, { time: new Date(this.now()).toISOString(), file, message });
    if (this.notices.size > MAX_NOTICES * 4) this.notices.delete(this.notices.keys().next().value!);
  }
}

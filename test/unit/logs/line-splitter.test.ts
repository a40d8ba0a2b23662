import { appendFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { splitLines } from '../../../electron/core/logs/line-splitter.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';

let home: TempHome | undefined;
afterEach(async () => {
  await home?.cleanup();
  home = undefined;
});

/** Lines of varied lengths (multi-byte characters, CRLF endings) so that many cross the 1 MiB reads. */
function sampleLines(count: number): string[] {
  const lines: string[] = [];
  for (let index = 0; index < count; index++) {
    const width = (index * 7919) % 9000;
    lines.push(`${index}:${'é'.repeat(index % 5)}${'x'.repeat(width)}`);
  }
  return lines;
}

describe('splitLines', () => {
  it('reads every line exactly once across chunk boundaries, with byte offsets and line numbers', async () => {
    home = await createTempHome('tether-split-');
    const file = path.join(home.home, 'log.jsonl');
    const lines = sampleLines(1200); // ~5.4 MB: lines straddle every 1 MiB chunk boundary
    const text = lines.map((line, index) => (index % 3 === 0 ? `${line}\r\n` : `${line}\n`)).join('');
    await writeFile(file, `${text}partial-tail`);
    const seen: Array<[string, number]> = [];
    const result = await splitLines(file, {
      start: 0,
      startLine: 0,
      onLine: (line, number) => seen.push([line, number]),
    });
    expect(seen.map(([line]) => line)).toEqual(lines);
    expect(seen.map(([, number]) => number)).toEqual(lines.map((_, index) => index + 1));
    expect(result.endOffset).toBe(Buffer.byteLength(text));
    expect(result.endLine).toBe(lines.length);
    expect(result.partial).toBe('partial-tail');

    // Resuming from the returned offset reads only what was appended after it.
    await appendFile(file, '\nnext\n');
    const more: string[] = [];
    const resumed = await splitLines(file, {
      start: result.endOffset,
      startLine: result.endLine,
      onLine: (line) => more.push(line),
    });
    expect(more).toEqual(['partial-tail', 'next']);
    expect(resumed.endLine).toBe(lines.length + 2);
  });

  it('decodes all-ASCII reads and UTF-8 reads alike, with multi-byte characters on read boundaries', async () => {
    home = await createTempHome('tether-split-');
    const file = path.join(home.home, 'log.jsonl');
    const MiB = 1 << 20;
    const lines = [
      'x'.repeat(100),
      // Ends the first (all-ASCII) read; its 'é' opens the second read: the joined line is UTF-8.
      `${'y'.repeat(MiB - 101)}é✓`,
      'plain',
    ];
    // Fill the second read with ASCII up to a line whose 'é' is cut between the second and third reads.
    const used = Buffer.byteLength(lines.map((line) => `${line}\n`).join(''));
    lines.push(`${'z'.repeat(2 * MiB - used - 1)}é after the cut`);
    for (let index = 0; index < 50; index++) lines.push(`ascii line ${index}`);
    lines.push('the last read is UTF-8 again: naïve ✓');
    await writeFile(file, lines.map((line) => `${line}\n`).join(''));
    const seen: string[] = [];
    await splitLines(file, { start: 0, startLine: 0, onLine: (line) => seen.push(line) });
    expect(seen).toEqual(lines);
  });
});

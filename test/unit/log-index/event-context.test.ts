import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogEvent } from '../../../shared/log-events.js';
import { EventContextReader } from '../../../electron/core/log-index/event-context.js';

const event = (file: string, line: number, message: string): LogEvent => ({
  kind: 'info',
  time: '2026-11-21T00:00:00.000Z',
  server: { client: 'claude-code', scope: 'user', name: 'svc' },
  level: 'info',
  message,
  source: { file, line },
});

const jsonLine = (debug: string): string =>
  `${JSON.stringify({ debug, timestamp: '2026-11-21T00:00:00.000Z' })}\n`;

describe('EventContextReader', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tether-context-'));
    file = path.join(dir, 'log.jsonl');
    let text = '';
    for (let line = 1; line <= 10_000; line++) text += jsonLine(`message "${line}"`);
    await writeFile(file, text);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives the lines around an event, in a big file and again from a checkpoint', async () => {
    const reader = new EventContextReader();
    for (const line of [9_000, 5, 8_999]) {
      const context = await reader.context(event(file, line, `message "${line}"`), 3);
      expect(context.lines.map((entry) => entry.line)).toEqual(
        Array.from({ length: 7 }, (_, at) => line - 3 + at).filter((number) => number >= 1),
      );
      expect(context.lines.find((entry) => entry.line === line)!.text).toContain(`message \\"${line}\\"`);
      expect(context.note).toBeUndefined();
    }
  });

  it('says so when the file was rewritten or is gone, and redacts and cuts what it shows', async () => {
    const reader = new EventContextReader();
    expect((await reader.context(event(file, 20, 'message "20"'), 1)).note).toBeUndefined();
    await writeFile(file, jsonLine('something else entirely').repeat(30));
    expect((await reader.context(event(file, 20, 'message "20"'), 1)).note).toMatch(
      /no longer holds the event/,
    );
    await appendFile(file, `\u0000\u0007 Authorization: Bearer cnry-context-secret ${'z'.repeat(10_000)}\n`);
    const secret = await reader.context(event(file, 31, 'Authorization'), 0);
    expect(secret.lines[0]!.text).not.toContain('cnry-context-secret');
    expect(secret.lines[0]!.text).toContain('\u2400\u2407');
    // A secret straddling the 4 KiB cut is redacted whole, before the cut.
    await appendFile(file, `${'a'.repeat(4080)} ?token=cnry-straddling-secret-value ${'z'.repeat(10_000)}\n`);
    const cut = await reader.context(event(file, 32, 'a'), 0);
    expect(cut.lines[0]!.text).not.toContain('cnry');
    expect(cut.lines[0]!.text.length).toBe(4096);
    expect(cut.lines[0]!.cutBytes).toBeGreaterThan(5000);
    await rm(file);
    expect((await reader.context(event(file, 20, 'x'), 1)).note).toMatch(/file is gone/);
    expect((await reader.context(event('control-socket:svc', 3, 'x'), 1)).note).toMatch(/running proxy/);
  });
});

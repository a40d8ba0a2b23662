import { describe, expect, it } from 'vitest';
import { redactMessage } from '../../../electron/core/logs/log-entry.js';
import { REDACTED } from '../../../electron/core/redact.js';

describe('redactMessage (the per-line cache of redacted log messages)', () => {
  it('never answers for one message with another, whatever shares a cache slot', () => {
    // 3000 distinct texts of one length, far more than the cache has direct slots: clean and
    // secret-bearing texts collide; each round reads them again, so answers also come from the cache.
    const id = (index: number): string => String(index).padStart(4, '0');
    const clean = (index: number): string => `GET /mcp/${id(index)}?xxxxx-cnry${id(index)}`;
    const secret = (index: number): string => `GET /mcp/${id(index)}?token=cnry${id(index)}`;
    for (let round = 0; round < 3; round++) {
      for (let index = 0; index < 1500; index++) {
        expect(redactMessage(clean(index))).toBe(clean(index));
        expect(redactMessage(secret(index))).toBe(`GET /mcp/${id(index)}?token=${REDACTED}`);
      }
    }
  });

  it('redacts long messages on every reading, cached or not', () => {
    const long = `Connection error: ${'{"code":"invalid_union"},'.repeat(40)} Authorization: Bearer cnryLongToken123`;
    const huge = `${'x'.repeat(9000)} ?access_token=cnryHugeToken456`;
    for (let round = 0; round < 3; round++) {
      expect(redactMessage(long)).not.toContain('cnryLongToken123');
      expect(redactMessage(huge)).not.toContain('cnryHugeToken456');
      expect(redactMessage(`${long.slice(0, -3)}end`)).toContain(long.slice(0, 200));
    }
  });
});

import { describe, expect, it } from 'vitest';
import { parseDurationMs } from '../../../electron/core/logs/durations.js';

describe('parseDurationMs', () => {
  it('reads one number and unit, and compound durations', () => {
    expect(parseDurationMs('35ms')).toBe(35);
    expect(parseDurationMs(' 1.5s ')).toBe(1500);
    expect(parseDurationMs('12.3 s')).toBe(12_300);
    expect(parseDurationMs('2m')).toBe(120_000);
    expect(parseDurationMs('1h')).toBe(3_600_000);
    expect(parseDurationMs('2m 3s')).toBe(123_000);
  });

  it('returns undefined rather than guessing', () => {
    expect(parseDurationMs('soon')).toBeUndefined();
    expect(parseDurationMs('5msx')).toBeUndefined();
    expect(parseDurationMs('1.2.3ms')).toBeUndefined();
    expect(parseDurationMs('')).toBeUndefined();
  });
});

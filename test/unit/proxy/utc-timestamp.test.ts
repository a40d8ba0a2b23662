import { describe, expect, it } from 'vitest';
import { utcTimestamp } from '../../../electron/proxy/utc-timestamp.js';

describe('utcTimestamp', () => {
  it('matches Date#toISOString on edge times and 5,000 random ones between years 0 and 9999', () => {
    const edges = [
      0,
      -1,
      Date.UTC(2024, 1, 29, 23, 59, 59, 999),
      Date.UTC(2000, 0, 1),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
      Date.UTC(1969, 11, 31, 23, 59, 59, 999),
      new Date('0001-01-01T00:00:00.000Z').getTime(),
    ];
    const min = new Date('0000-01-01T00:00:00.000Z').getTime();
    const max = new Date('9999-12-31T23:59:59.999Z').getTime();
    let seed = 12345;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const samples = [
      ...edges,
      ...Array.from({ length: 5000 }, () => Math.floor(min + random() * (max - min))),
    ];
    for (const ms of samples) expect(utcTimestamp(ms)).toBe(new Date(ms).toISOString());
  });

  it('falls back to toISOString outside years 0–9999 and defaults to now', () => {
    const far = Date.UTC(12000, 5, 1);
    expect(utcTimestamp(far)).toBe(new Date(far).toISOString());
    const before = Date.now();
    const stamped = Date.parse(utcTimestamp());
    expect(stamped).toBeGreaterThanOrEqual(before);
    expect(stamped).toBeLessThanOrEqual(Date.now());
  });
});

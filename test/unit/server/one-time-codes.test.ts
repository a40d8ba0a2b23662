import { describe, expect, it } from 'vitest';
import { ONE_TIME_CODE_TTL_MS, OneTimeCodes } from '../../../electron/server/one-time-codes.js';

describe('one-time codes for the browser opener', () => {
  it('redeems a code once, refuses it after the TTL, and keeps at most 16 waiting', () => {
    let now = 1_000;
    const codes = new OneTimeCodes(() => now);
    const code = codes.issue();
    expect(codes.redeem(code)).toBe(true);
    expect(codes.redeem(code)).toBe(false);
    const late = codes.issue();
    now += ONE_TIME_CODE_TTL_MS;
    expect(codes.redeem(late)).toBe(false);
    const oldest = codes.issue();
    const rest = Array.from({ length: 16 }, () => codes.issue());
    expect(codes.redeem(oldest)).toBe(false);
    expect(rest.every((each) => codes.redeem(each))).toBe(true);
    expect(codes.redeem(undefined)).toBe(false);
    expect(codes.redeem('')).toBe(false);
  });
});

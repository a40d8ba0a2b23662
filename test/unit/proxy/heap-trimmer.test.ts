import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startHeapTrimmer } from '../../../electron/proxy/heap-trimmer.js';

const MiB = 1024 * 1024;

describe('startHeapTrimmer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('collects only when the heap grew past the slack since the last collection', () => {
    let used = 5 * MiB;
    const gc = vi.fn(() => {
      used = 5 * MiB + 100_000; // what survives
    });
    const trimmer = startHeapTrimmer({ gc, heapUsed: () => used, intervalMs: 250, slackBytes: 512 * 1024 });

    used += 400 * 1024; // below the slack
    vi.advanceTimersByTime(250);
    expect(gc).not.toHaveBeenCalled();

    used += 200 * 1024; // now 600 KiB above the start
    vi.advanceTimersByTime(250);
    expect(gc).toHaveBeenCalledTimes(1);
    expect(trimmer.collections).toBe(1);

    // Measured from what survived the last collection, not from the start.
    used += 500 * 1024;
    vi.advanceTimersByTime(250);
    expect(gc).toHaveBeenCalledTimes(1);
    used += 100 * 1024;
    vi.advanceTimersByTime(250);
    expect(gc).toHaveBeenCalledTimes(2);

    // An idle heap is left alone.
    vi.advanceTimersByTime(10_000);
    expect(gc).toHaveBeenCalledTimes(2);

    trimmer.stop();
    used += 100 * MiB;
    vi.advanceTimersByTime(10_000);
    expect(trimmer.collections).toBe(2);
  });

  it('does nothing, and schedules nothing, when gc is not exposed', () => {
    const heapUsed = vi.fn(() => 100 * MiB);
    const trimmer = startHeapTrimmer({ gc: undefined, heapUsed });
    vi.advanceTimersByTime(60_000);
    expect(trimmer.collections).toBe(0);
    expect(heapUsed).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
    trimmer.stop();
  });
});

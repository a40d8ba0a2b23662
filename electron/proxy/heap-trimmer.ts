/**
 * Keeps a busy proxy process's V8 heap close to what it really holds.
 *
 * A proxy's live heap is ~5 MB, but under steady traffic V8 lets garbage pile up to its next
 * old-generation limit and keeps the pages committed: RSS drifts up by 5–10 MB and stays there.
 * Every `intervalMs` (250), if the heap grew by more than `slackBytes` (512 KiB) since the last
 * collection, a full collection runs (a few ms on a heap this small). An idle proxy allocates nothing and is left to
 * V8's own memory reducer. Needs `gc` exposed (`--expose-gc`, written by `tether wrap`); without it
 * this does nothing.
 */
export type HeapTrimmerOptions = {
  /** `globalThis.gc` when the process runs with `--expose-gc`. */
  gc: (() => void) | undefined;
  /** Bytes of V8 heap in use now (`process.memoryUsage().heapUsed`). */
  heapUsed: () => number;
  intervalMs?: number;
  slackBytes?: number;
};

export type HeapTrimmer = {
  /** Collections forced so far (reported in debug logs and tests). */
  readonly collections: number;
  stop(): void;
};

export function startHeapTrimmer(options: HeapTrimmerOptions): HeapTrimmer {
  const { gc, heapUsed, intervalMs = 250, slackBytes = 512 * 1024 } = options;
  let collections = 0;
  if (!gc) return { collections, stop: () => undefined };
  let usedAfterLastCollection = heapUsed();
  const timer = setInterval(() => {
    if (heapUsed() - usedAfterLastCollection <= slackBytes) return;
    gc();
    collections++;
    usedAfterLastCollection = heapUsed();
  }, intervalMs);
  timer.unref();
  return {
    get collections() {
      return collections;
    },
    stop: () => clearInterval(timer),
  };
}

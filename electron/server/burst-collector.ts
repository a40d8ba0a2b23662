import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Growth of heap + external memory since the last collection that counts as a burst. */
const BURST_BYTES = 8 * 1024 * 1024;
const CHECK_INTERVAL_MS = 1000;
/** Growth worth one collection once allocation has stopped. */
const QUIET_BYTES = 2 * 1024 * 1024;

/**
 * Gives memory back soon after a burst in the long-running headless service.
 *
 * A flood of WebSocket frames or control lines (hostile or just a busy dashboard) leaves tens of MB of
 * garbage; V8 keeps those pages until its memory reducer runs, ~45 s later (measured: RSS 72 → 106 MB,
 * back to 70 MB only after 44 s). Two things bring it back within a few seconds:
 * - the young generation keeps its initial size (`--semi-space-growth-factor=1`, read by V8 each time
 *   it would grow): a burst otherwise doubles it up to 2 × 16 MB, and a full collection does not
 *   shrink it (measured: heap 24 → 52 MB committed, 15 MB used, after the hostile-input suite);
 * - once a second, if heap plus external memory grew by more than 8 MB since the last collection,
 *   one full collection runs (a few ms on this heap), and once more when allocation stops after
 *   2 MB of growth. A quiet service allocates nothing and is never collected by this.
 * `gc` is not exposed to a plain `node` start, so it is switched on at run time (the flag is read when
 * a new context asks for `gc`). The service serves a few people, not throughput: more frequent small
 * scavenges cost nothing it would notice.
 */
export function startBurstCollector(): { stop(): void } {
  let gc: (() => void) | undefined;
  try {
    setFlagsFromString('--semi-space-growth-factor=1');
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  } catch {
    return { stop: () => undefined };
  }
  const used = (): number => {
    const usage = process.memoryUsage();
    return usage.heapUsed + usage.external;
  };
  let afterLast = used();
  let previous = afterLast;
  const timer = setInterval(() => {
    const now = used();
    const grown = now - afterLast;
    // During a burst: collect every 8 MB. After one (grown, then quiet for a second): collect once
    // more, so what the burst's tail left behind goes too.
    const quietAfterGrowth = grown > QUIET_BYTES && Math.abs(now - previous) < QUIET_BYTES / 4;
    previous = now;
    if (grown <= BURST_BYTES && !quietAfterGrowth) return;
    gc();
    afterLast = used();
    previous = afterLast;
  }, CHECK_INTERVAL_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

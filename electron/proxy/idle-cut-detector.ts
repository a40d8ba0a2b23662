/**
 * Spots an intermediary's idle timeout from the lifetimes of cut GET streams.
 *
 * nginx `proxy_read_timeout`, ALB idle and Cloudflare's 100 s cut a silent SSE stream at the same
 * age every time. When consecutive streams that carried no data end at the same age (±2 s), that
 * age is the path's idle timeout; reported once per distinct value.
 */
export type StreamEnd = { ageMs: number; dataEvents: number };

export class IdleCutDetector {
  private recent: number[] = [];
  private reported: number | undefined;

  constructor(
    /** How many matching cuts in a row count as "repeated". */
    private readonly needed = 2,
    private readonly toleranceMs = 2000,
    private readonly minAgeMs = 5000,
  ) {}

  /** Records a stream end; returns the idle timeout in seconds when newly detected. */
  record(end: StreamEnd): number | undefined {
    if (end.dataEvents > 0 || end.ageMs < this.minAgeMs) {
      this.recent = [];
      return undefined;
    }
    const last = this.recent[this.recent.length - 1];
    if (last !== undefined && Math.abs(last - end.ageMs) > this.toleranceMs) this.recent = [];
    this.recent.push(end.ageMs);
    if (this.recent.length > this.needed) this.recent.shift();
    if (this.recent.length < this.needed) return undefined;
    const mean = this.recent.reduce((sum, age) => sum + age, 0) / this.recent.length;
    const seconds = Math.round(mean / 1000);
    if (this.reported !== undefined && Math.abs(this.reported - seconds) <= 2) return undefined;
    this.reported = seconds;
    return seconds;
  }

  /** The detected idle timeout in seconds, if any. */
  get idleCutS(): number | undefined {
    return this.reported;
  }
}

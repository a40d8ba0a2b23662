/**
 * Reconnect timing: full-jitter exponential backoff and a circuit breaker (proxy-spec §5).
 */
export type BackoffOptions = { baseMs?: number; capMs?: number; random?: () => number };

export const BACKOFF_BASE_MS = 500;
export const BACKOFF_CAP_MS = 30_000;

/** `random(0, min(cap, base·2^attempt))`: full jitter spreads reconnect storms of many proxies. */
export function fullJitterDelay(attempt: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? BACKOFF_BASE_MS;
  const cap = options.capMs ?? BACKOFF_CAP_MS;
  const random = options.random ?? Math.random;
  const ceiling = Math.min(cap, base * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

export type BreakerState = 'closed' | 'open' | 'half-open';

/**
 * Circuit breaker over consecutive connect-level failures.
 *
 * Opens after `threshold` failures that span at least `minOutageMs`; the open time starts at 15 s and
 * doubles up to 5 min. It never stays open for good: after the open time a single probe is allowed
 * (half-open). Success closes it. The time floor matters because the reconnect loop probes every
 * second while requests wait: counted alone, a 5-second restart would open the circuit and hold the
 * waiting calls for 15 s after the server was back. With the normal backoff, `threshold` failures take
 * about as long as the floor, so idle proxies still open at the usual count.
 */
export class CircuitBreaker {
  private failures = 0;
  private streakStartedAt = 0;
  private opened = false;
  private opens = 0;
  private openUntil = 0;
  constructor(
    private readonly threshold = 5,
    private readonly firstOpenMs = 15_000,
    private readonly maxOpenMs = 300_000,
    private readonly now: () => number = Date.now,
    private readonly minOutageMs = 15_000,
  ) {}

  get state(): BreakerState {
    if (!this.opened) return 'closed';
    return this.now() < this.openUntil ? 'open' : 'half-open';
  }

  get consecutiveFailures(): number {
    return this.failures;
  }

  /** Milliseconds until a probe is allowed (0 when closed or half-open). */
  msUntilProbe(): number {
    return this.state === 'open' ? this.openUntil - this.now() : 0;
  }

  recordFailure(): void {
    const now = this.now();
    if (this.failures === 0) this.streakStartedAt = now;
    this.failures += 1;
    if (this.failures >= this.threshold && now - this.streakStartedAt >= this.minOutageMs) {
      const openMs = Math.min(this.maxOpenMs, this.firstOpenMs * 2 ** this.opens);
      this.opened = true;
      this.opens += 1;
      this.openUntil = now + openMs;
    }
  }

  recordSuccess(): void {
    this.failures = 0;
    this.opened = false;
    this.opens = 0;
    this.openUntil = 0;
  }
}

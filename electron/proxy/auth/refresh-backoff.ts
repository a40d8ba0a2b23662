/**
 * Backoff between failed refresh attempts: exponential with jitter, capped.
 *
 * A token endpoint that answers 503 or 429 is retried in the background at a falling rate while the
 * old access token keeps being used; it never turns into a browser login (proxy-spec §10).
 */
export type BackoffPolicy = { baseMs: number; maxMs: number };

export const DEFAULT_REFRESH_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 60_000 };

/** The wait after the `failures`-th consecutive failure (1-based): half fixed, half random, so it never collapses to 0. */
export function refreshBackoffMs(
  failures: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

import { randomBytes } from 'node:crypto';
import { tokensMatch } from './access-guard.js';

/** How long a code handed to the browser opener stays valid: a cold browser start takes seconds. */
export const ONE_TIME_CODE_TTL_MS = 120_000;
/** Codes outstanding at once; `tether serve` issues one per browser it opens, so a few are plenty. */
const MAX_OUTSTANDING = 16;

/**
 * One-time codes that stand in for the dashboard token on a command line.
 *
 * The browser opener (`xdg-open URL`, `open URL`) puts its URL in argv, where any local user reads it
 * (`/proc/PID/cmdline`, `ps`). So the opened URL carries a code that the server exchanges once for the
 * token cookie: after that exchange, or after the TTL, what other users could read is worthless.
 */
export class OneTimeCodes {
  private readonly codes = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A fresh code, valid once within ONE_TIME_CODE_TTL_MS; the oldest code goes when too many wait. */
  issue(): string {
    this.prune();
    if (this.codes.size >= MAX_OUTSTANDING) this.codes.delete(this.codes.keys().next().value as string);
    const code = randomBytes(24).toString('base64url');
    this.codes.set(code, this.now() + ONE_TIME_CODE_TTL_MS);
    return code;
  }

  /** True once for a valid code; the code is spent whether or not it was still valid. */
  redeem(code: string | undefined): boolean {
    if (!code) return false;
    this.prune();
    for (const candidate of this.codes.keys()) {
      if (tokensMatch(code, candidate)) {
        this.codes.delete(candidate);
        return true;
      }
    }
    return false;
  }

  private prune(): void {
    const now = this.now();
    for (const [code, expires] of this.codes) if (expires <= now) this.codes.delete(code);
  }
}

import { PROXY_ID_PREFIX } from '../../shared/proxy-errors.js';
import { CircuitBreaker, fullJitterDelay } from './backoff.js';
import { sleep } from './get-stream.js';
import type { JsonRpcResponse } from './jsonrpc.js';
import type { Reporter } from './reporter.js';
import type { Upstream } from './upstream.js';
import { UpstreamFailure, asUpstreamFailure } from './upstream-failure.js';

/**
 * Keeps one usable upstream session, forever: connect, re-initialize on session loss, reconnect
 * with full-jitter backoff behind a circuit breaker, probe with ping, never give up.
 */
export type SessionEvents = {
  /** A session is ready; `initialize` is the upstream's answer (new session) or undefined (same session, probe ok). */
  onReady(info: { initialize: JsonRpcResponse | undefined; first: boolean }): void;
};

/** While a sign-in is needed, the unchanged state is repeated at most this often. */
const AUTH_REMINDER_MS = 10 * 60_000;

type Waiter = { resolve: () => void; reject: (failure: UpstreamFailure) => void; timer: NodeJS.Timeout };

export class SessionManager {
  private initParams: Record<string, unknown> | undefined;
  private ready = false;
  private looping = false;
  private closed = false;
  private needsInit = true;
  private everReady = false;
  private lostReason: UpstreamFailure | undefined;
  private lostAt = 0;
  private nextAttemptAt = 0;
  private attempt = 0;
  /** The last "authorization required" line reported, so unchanged repeats are not. */
  private lastAuthReport: { message: string; at: number } | undefined;
  private readonly breaker = new CircuitBreaker(8);
  private readonly waiters = new Set<Waiter>();
  /** Aborted to end the reconnect loop's current backoff wait (close, reset, reconnect, sign-in). */
  private nap = new AbortController();
  private idCounter = 0;
  /** Increases with every new session; failures from an older epoch do not tear down a newer session. */
  epoch = 0;
  lastActivity = Date.now();
  /** The upstream's initialize result of the current session. */
  initializeResult: Record<string, unknown> | undefined;

  constructor(
    private readonly upstream: Upstream,
    private readonly reporter: Reporter,
    private readonly events: SessionEvents,
    private readonly name: string,
  ) {}

  get isReady(): boolean {
    return this.ready;
  }

  get hasInitParams(): boolean {
    return this.initParams !== undefined;
  }

  /** Stores the client's initialize params (verbatim, reused for every re-init) and starts connecting. */
  start(initParams: Record<string, unknown>): void {
    this.initParams = initParams;
    this.kick();
  }

  /** A proxy-originated request id, in the reserved namespace. */
  nextId(kind: string): string {
    this.idCounter += 1;
    return `${PROXY_ID_PREFIX}${kind}:${this.idCounter}`;
  }

  /**
   * Waits until a session is ready or `deadlineAt`. Fails fast when the next connection attempt is
   * scheduled after the deadline anyway (breaker open), with `retryAfterMs` until that attempt.
   */
  waitReady(deadlineAt: number, signal?: AbortSignal): Promise<void> {
    if (this.ready) return Promise.resolve();
    const now = Date.now();
    const unavailable = (): UpstreamFailure =>
      new UpstreamFailure({
        kind: this.lostReason?.kind === 'auth_required' ? 'auth_required' : 'unreachable',
        retryClass: 'N',
        message: `upstream unavailable${this.lostReason ? ` (${this.lostReason.message})` : ''}`,
        retryAfterMs: Math.max(0, this.nextAttemptAt - Date.now()),
        ...(this.lostReason?.httpStatus !== undefined ? { httpStatus: this.lostReason.httpStatus } : {}),
        ...(this.lostReason?.authorizationUrl ? { authorizationUrl: this.lostReason.authorizationUrl } : {}),
      });
    if (
      this.lostReason?.kind === 'auth_required' ||
      (this.looping && this.nextAttemptAt > deadlineAt) ||
      deadlineAt <= now
    ) {
      return Promise.reject(unavailable());
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve: () => {
          clearTimeout(waiter.timer);
          this.waiters.delete(waiter);
          resolve();
        },
        reject: (failure) => {
          clearTimeout(waiter.timer);
          this.waiters.delete(waiter);
          reject(failure);
        },
        timer: setTimeout(() => waiter.reject(unavailable()), deadlineAt - now),
      };
      this.waiters.add(waiter);
      signal?.addEventListener(
        'abort',
        () => waiter.reject(new UpstreamFailure({ kind: 'aborted', retryClass: 'N', message: 'cancelled' })),
        { once: true },
      );
    });
  }

  /** Number of requests waiting for the session (reported as "replayed" after a recovery). */
  get waiting(): number {
    return this.waiters.size;
  }

  /** A request or the stream found the session or connection broken. Ignored for stale epochs. */
  markLost(failure: UpstreamFailure, epoch: number = this.epoch): void {
    if (epoch !== this.epoch || this.closed) return;
    if (failure.kind === 'session_lost') this.needsInit = true;
    if (this.ready) {
      this.ready = false;
      this.lostAt = Date.now();
      this.lostReason = failure;
      if (failure.kind === 'session_lost') {
        this.reporter.setState(
          'session-expired',
          'session_expired',
          `${this.name}: session expired (${failure.httpStatus ? `HTTP ${failure.httpStatus}` : failure.message}); re-initializing`,
          failure.httpStatus ? { httpStatus: failure.httpStatus } : undefined,
          'warn',
        );
      } else {
        this.reporter.setState(
          'reconnecting',
          failure.kind,
          `${this.name}: upstream connection lost (${failure.message}); reconnecting`,
          {
            ...(failure.httpStatus ? { httpStatus: failure.httpStatus } : {}),
            ...(failure.errorCode ? { errorCode: failure.errorCode } : {}),
          },
          'warn',
        );
      }
    }
    this.kick();
  }

  /** Forces a fresh session (service command `reset-session`, `restart-child`). */
  async reset(reason: string): Promise<void> {
    this.ready = false;
    this.needsInit = true;
    this.epoch += 1;
    this.reporter.setState(
      'reconnecting',
      reason,
      `${this.name}: ${reason.replace(/_/g, ' ')}; reconnecting`,
    );
    await this.upstream.reset().catch(() => undefined);
    this.wakeLoop();
    this.kick();
  }

  /**
   * Wake the reconnect loop now (service command `reconnect`, network change, clock jump). With
   * `reinitialize` (the user's Reconnect) the new connection starts with a fresh `initialize` rather
   * than a ping of the old session, so a server that lost or mangled its state is set up again at once.
   */
  reconnectNow(options: { reinitialize?: boolean } = {}): void {
    if (options.reinitialize) this.needsInit = true;
    this.nextAttemptAt = 0;
    this.breaker.recordSuccess();
    this.attempt = 0;
    this.wakeLoop();
    if (this.ready)
      this.markLost(
        new UpstreamFailure({ kind: 'connection_lost', retryClass: 'U', message: 'reconnect requested' }),
      );
    else this.kick();
  }

  close(): void {
    this.closed = true;
    this.ready = false;
    this.nap.abort();
    for (const waiter of [...this.waiters])
      waiter.reject(
        new UpstreamFailure({ kind: 'aborted', retryClass: 'N', message: 'the proxy is shutting down' }),
      );
  }

  /** Ends the loop's current backoff wait so the next attempt starts now. */
  private wakeLoop(): void {
    if (this.looping) this.nap.abort();
  }

  private kick(): void {
    if (this.looping || this.closed || !this.initParams) return;
    void this.loop();
  }

  private async loop(): Promise<void> {
    this.looping = true;
    try {
      while (!this.ready && !this.closed) {
        const started = Date.now();
        const epoch = this.epoch;
        try {
          const initialize = await this.attemptOnce();
          // A reset during the attempt (service command) dropped what it probed: start over.
          if (epoch !== this.epoch) continue;
          this.onConnected(initialize, Date.now() - started);
          return;
        } catch (error) {
          if (this.closed) return;
          const failure = asUpstreamFailure(error);
          if (failure.kind === 'session_lost' && !this.needsInit) {
            this.needsInit = true;
            continue;
          }
          this.onAttemptFailed(failure);
          // While requests wait for the upstream, probe at least every second (within their budget) so a
          // short outage costs seconds, not a full backoff step; idle, the backoff grows to the cap.
          const jitter = fullJitterDelay(this.attempt - 1);
          const base = this.waiters.size > 0 ? Math.min(jitter, 1000) : jitter;
          const delay = Math.max(base, this.breaker.msUntilProbe(), failure.retryAfterMs ?? 0);
          this.nextAttemptAt = Date.now() + delay;
          // A wake-up that came during the attempt ends this wait at once: that is what it asked for.
          await sleep(delay, this.nap.signal);
          if (this.nap.signal.aborted && !this.closed) this.nap = new AbortController();
        }
      }
    } finally {
      this.looping = false;
    }
  }

  /** One probe: ping when a session may still be alive, initialize otherwise. */
  private async attemptOnce(): Promise<JsonRpcResponse | undefined> {
    if (!this.needsInit && this.upstream.hasSession()) {
      const ping = { jsonrpc: '2.0' as const, id: this.nextId('probe'), method: 'ping' };
      await this.upstream.request(ping, undefined, {
        signal: new AbortController().signal,
        onMessage: () => undefined,
        deadlineMs: 10_000,
      });
      return undefined;
    }
    const initialize = {
      jsonrpc: '2.0' as const,
      id: this.nextId(`init:${this.epoch + 1}`),
      method: 'initialize',
      params: this.initParams ?? {},
    };
    const response = await this.upstream.connect(initialize);
    this.needsInit = false;
    return response;
  }

  private onConnected(initialize: JsonRpcResponse | undefined, elapsedMs: number): void {
    const first = !this.everReady;
    if (initialize) {
      this.epoch += 1;
      this.initializeResult = initialize.result as Record<string, unknown>;
      if (!first) this.reporter.counters.reinits += 1;
    }
    if (!first) this.reporter.counters.reconnects += 1;
    const replayed = this.waiters.size;
    const previous = this.lostReason;
    this.ready = true;
    this.everReady = true;
    this.lostReason = undefined;
    this.attempt = 0;
    this.breaker.recordSuccess();
    this.nextAttemptAt = 0;
    this.lastActivity = Date.now();
    const downMs = this.lostAt ? Date.now() - this.lostAt : elapsedMs;
    let message: string;
    if (first) message = `${this.name}: connected (${this.upstream.transport}) in ${elapsedMs} ms`;
    else if (previous?.kind === 'session_lost')
      message = `${this.name}: session expired (${previous.httpStatus ? `HTTP ${previous.httpStatus}` : previous.message}); re-initialized in ${elapsedMs} ms; replayed ${replayed} request${replayed === 1 ? '' : 's'}`;
    else
      message = `${this.name}: reconnected after ${(downMs / 1000).toFixed(1)} s${initialize ? ' (new session)' : ''}; replayed ${replayed} request${replayed === 1 ? '' : 's'}`;
    this.reporter.setState(
      'connected',
      first ? 'connected' : previous?.kind === 'session_lost' ? 'reinitialized' : 'reconnected',
      message,
      { reinitMs: elapsedMs, replayed },
    );
    this.lostAt = 0;
    this.events.onReady({ initialize, first });
    for (const waiter of [...this.waiters]) waiter.resolve();
  }

  private onAttemptFailed(failure: UpstreamFailure): void {
    this.lostReason = failure;
    this.attempt += 1;
    if (!this.lostAt) this.lostAt = Date.now();
    const detail = {
      attempt: this.attempt,
      ...(failure.httpStatus ? { httpStatus: failure.httpStatus } : {}),
      ...(failure.errorCode ? { errorCode: failure.errorCode } : {}),
    };
    if (failure.kind === 'auth_required') {
      const message = `${this.name}: authorization required (${failure.message})`;
      // Every reconnect attempt fails the same way until someone signs in: say it once (and on change,
      // and as a reminder now and then), not one stderr and journal line per attempt.
      const unchanged = this.reporter.state === 'needs-auth' && this.lastAuthReport?.message === message;
      if (!unchanged || Date.now() - (this.lastAuthReport?.at ?? 0) >= AUTH_REMINDER_MS) {
        this.reporter.setState('needs-auth', 'auth_required', message, detail, 'warn');
        this.lastAuthReport = { message, at: Date.now() };
      }
      for (const waiter of [...this.waiters]) waiter.reject(failure);
      return;
    }
    // 429/406/401 do not trip the breaker: they have their own handling.
    if (failure.kind !== 'rate_limited' && failure.kind !== 'protocol') this.breaker.recordFailure();
    const open = this.breaker.state === 'open';
    const state = open || this.attempt >= 3 ? 'upstream-down' : 'reconnecting';
    if (this.attempt <= 3 || open || this.attempt % 10 === 0) {
      this.reporter.setState(
        state,
        failure.kind,
        `${this.name}: upstream unavailable (${failure.message}); attempt ${this.attempt}, retrying`,
        detail,
        'warn',
      );
    }
  }
}

import type {
  ActivityEvent,
  AuthEvent,
  HelloEvent,
  MetricsEvent,
  ProxyEvent,
  ProxyState,
  StateEvent,
} from '../../shared/control-protocol.js';
import { CONTROL_PROTOCOL_VERSION } from '../../shared/control-protocol-constants.js';
import type { Logger } from '../core/logger.js';
import { redactText } from '../core/redact.js';
import type { ControlClient } from './control-client.js';
import type { JournalWriter } from './journal-writer.js';
import { utcTimestamp } from './utc-timestamp.js';

/** The counters every `metrics` event carries. */
export type Counters = Omit<MetricsEvent, 'type' | 'uptimeS' | 'inFlight' | 'rssBytes' | 'latencyMs'>;

/**
 * Every observable thing the proxy does goes through here: a human stderr line, a journal line and
 * a control-socket event, all carrying the same (redacted) facts.
 */
export class Reporter {
  private current: ProxyState = 'reconnecting';
  private lastState: StateEvent | undefined;
  private control: ControlClient | undefined;
  private readonly startedAt = Date.now();
  readonly counters: Counters = {
    requests: 0,
    errors: 0,
    reinits: 0,
    reconnects: 0,
    streamCuts: 0,
    replays: 0,
    rateLimited: 0,
  };
  private latencies: number[] = [];
  /** Extra listeners of every journaled event (the OTLP export, electron/cli/otlp-hook.ts). */
  private readonly taps: Array<(event: ProxyEvent) => void> = [];

  constructor(
    private readonly logger: Logger,
    private readonly journal: JournalWriter | undefined,
    readonly hello: HelloEvent,
  ) {}

  attachControl(control: ControlClient): void {
    this.control = control;
  }

  /** Listens to every event as it is journaled (secrets already redacted; no sign-in URLs). */
  tap(listener: (event: ProxyEvent) => void): void {
    this.taps.push(listener);
  }

  get state(): ProxyState {
    return this.current;
  }

  /** What a (re)connecting service needs first: who we are, the state, the counters so far. */
  greeting(inFlight: number): ProxyEvent[] {
    return [
      this.hello,
      ...(this.lastState ? [this.lastState] : []),
      this.metricsEvent(inFlight, this.latencies.slice()),
    ];
  }

  start(): void {
    this.emit(this.hello);
  }

  /** A state change (or a notable event within a state): one stderr line, one journal line, one socket event. */
  setState(
    state: ProxyState,
    reason: string,
    message: string,
    details?: StateEvent['details'],
    level: 'info' | 'warn' = 'info',
  ): void {
    const safe = redactText(message);
    const event: StateEvent = {
      type: 'state',
      state,
      previous: this.current,
      reason,
      message: safe,
      ...(details ? { details } : {}),
    };
    this.current = state;
    this.lastState = event;
    this.logger[level](safe);
    this.emit(event);
  }

  /** A bug in the proxy (stray exception, programming error): stderr and journal say so; the state stays. */
  internalError(error: unknown, where: string): void {
    const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    this.setState(
      this.current,
      'proxy_internal',
      `${where}: internal error (still serving): ${what.slice(0, 300)}`,
      undefined,
      'warn',
    );
    if (error instanceof Error && error.stack) this.logger.debug(redactText(error.stack));
  }

  /** A plain log line that is not a state change (still journaled as the current state). */
  note(message: string, level: 'debug' | 'info' | 'warn' = 'info'): void {
    this.logger[level](redactText(message));
  }

  activity(event: Omit<ActivityEvent, 'type'>): void {
    this.counters.requests += 1;
    if (event.outcome === 'proxy-error') this.counters.errors += 1;
    if (this.latencies.length < 4096) this.latencies.push(event.durationMs);
    this.emit({ type: 'activity', ...event });
  }

  metrics(inFlight: number): MetricsEvent {
    const event = this.metricsEvent(inFlight, this.latencies);
    this.latencies = [];
    this.emit(event);
    return event;
  }

  private metricsEvent(inFlight: number, latencies: number[]): MetricsEvent {
    const sorted = latencies.sort((a, b) => a - b);
    const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    return {
      type: 'metrics',
      uptimeS: Math.round((Date.now() - this.startedAt) / 1000),
      inFlight,
      ...this.counters,
      rssBytes: process.memoryUsage.rss(),
      ...(sorted.length > 0 ? { latencyMs: { p50: at(0.5), p99: at(0.99) } } : {}),
    };
  }

  /**
   * Security activity of the upstream credentials. The sign-in URL goes to the service only: journals
   * end up in support bundles, and a stale login URL is of no use there.
   */
  auth(event: Omit<AuthEvent, 'type'>): void {
    const full: AuthEvent = { type: 'auth', ...event, reason: redactText(event.reason) };
    const { authorizationUrl, ...journaled } = full;
    this.logger[event.kind === 'refresh_failed' || event.kind === 'login_required' ? 'warn' : 'info'](
      // The kind stays one word: "token issued" would read as a credential to the redactor.
      `${this.hello.server.name}: auth ${event.kind} (${full.reason})`,
    );
    this.journalLine(journaled);
    this.control?.send(authorizationUrl === undefined ? journaled : full);
  }

  flush(): Promise<void> {
    return this.journal?.flush() ?? Promise.resolve();
  }

  private emit(event: ProxyEvent): void {
    this.journalLine(event);
    this.control?.send(event);
  }

  private journalLine(event: ProxyEvent): void {
    for (const tap of this.taps) tap(event);
    this.journal?.append(
      JSON.stringify({
        ...event,
        v: CONTROL_PROTOCOL_VERSION,
        ts: utcTimestamp(),
        pid: process.pid,
      }),
    );
  }
}

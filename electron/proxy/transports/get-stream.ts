import { StringDecoder } from 'node:string_decoder';
import { requestWithAuth } from '../authorized-request.js';
import { sleep } from '../timing.js';
import { fullJitterDelay } from '../backoff.js';
import { isSessionLost, parseRetryAfter } from '../http-classify.js';
import { httpRequest, readBodyText, type HttpAgents } from '../http-request.js';
import { IdleCutDetector } from '../idle-cut-detector.js';
import type { JsonRpcMessage } from '../jsonrpc.js';
import { createSseParser } from '../../../shared/sse-parser.js';
import type { UpstreamListener } from '../upstream.js';
import type { UpstreamAuth } from '../upstream-auth.js';
import { UpstreamFailure } from '../upstream-failure.js';

/** What a GET stream needs from its upstream. */
export type GetStreamDeps = {
  url: URL;
  agents: HttpAgents;
  headers: () => Promise<Record<string, string>>;
  /** Asked on 401/403 like every other request (refresh, then reopen at once). */
  auth: UpstreamAuth;
  listener: UpstreamListener;
  /** The session this stream belongs to; the stream stops when it changes. */
  sessionId: string | undefined;
  /**
   * Confirms the session with a POST (ping) after the GET looked session-lost (404): resolves true
   * when POSTs still work, false when the session is really gone.
   */
  confirmSession?: () => Promise<boolean>;
};

/** Floor for GET reopen attempts while the server answers the GET with 404 but POSTs work. */
const POST_ONLY_RETRY_MS = 30_000;

/**
 * The long-lived GET stream of a Streamable HTTP session, reopened after every cut, forever.
 *
 * Reopens with Last-Event-ID; at once when the stream lived ≥ 30 s, else with jittered backoff
 * whose counter resets only after a healthy minute (typescript-sdk#2682). 405 means POST-only;
 * 409 waits ≥ 15 s; 404 is handed to the engine, which confirms with a ping.
 */
export class GetStream {
  private readonly abort = new AbortController();
  private lastEventId: string | undefined;
  private failures = 0;
  private serverRetryMs = 0;
  private readonly detector = new IdleCutDetector();
  private stopped = false;

  constructor(private readonly deps: GetStreamDeps) {}

  start(): void {
    void this.loop();
  }

  stop(): void {
    this.stopped = true;
    this.abort.abort();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const opened = Date.now();
      let waitMs: number;
      try {
        const outcome = await this.openOnce();
        if (outcome === 'stop') return;
        const ageMs = Date.now() - opened;
        const { dataEvents } = outcome;
        const idleCutS = this.detector.record({ ageMs, dataEvents });
        this.deps.listener.onTransportEvent({
          type: 'stream-cut',
          ageS: Math.round(ageMs / 1000),
          events: dataEvents,
          resumed: this.lastEventId !== undefined,
        });
        if (idleCutS !== undefined) this.deps.listener.onTransportEvent({ type: 'idle-cut', idleCutS });
        if (ageMs >= 60_000) this.failures = 0;
        else if (ageMs < 5000 && dataEvents === 0) this.failures += 1;
        waitMs =
          ageMs >= 30_000 ? this.serverRetryMs : Math.max(this.serverRetryMs, fullJitterDelay(this.failures));
      } catch (error) {
        if (this.stopped) return;
        this.failures += 1;
        const failure = error instanceof UpstreamFailure ? error : undefined;
        if (failure?.httpStatus === 409) waitMs = 15_000 + fullJitterDelay(this.failures);
        else
          waitMs = Math.max(this.serverRetryMs, failure?.retryAfterMs ?? 0, fullJitterDelay(this.failures));
      }
      await sleep(waitMs, this.abort.signal);
    }
  }

  /** One GET; resolves when the stream ends, 'stop' when the stream must not be reopened. */
  private async openOnce(): Promise<{ dataEvents: number } | 'stop'> {
    const response = await requestWithAuth(this.deps.auth, async () => {
      const headers: Record<string, string> = { ...(await this.deps.headers()), accept: 'text/event-stream' };
      if (this.lastEventId !== undefined) headers['last-event-id'] = this.lastEventId;
      return httpRequest({
        url: this.deps.url,
        method: 'GET',
        headers,
        agents: this.deps.agents,
        signal: this.abort.signal,
        headersTimeoutMs: 30_000,
      });
    });
    if (response.status === 405) {
      response.body.resume();
      this.deps.listener.onTransportEvent({ type: 'stream-unsupported', httpStatus: 405 });
      return 'stop';
    }
    if (response.status < 200 || response.status >= 300) {
      const text = await readBodyText(response.body);
      if (isSessionLost(response.status, text, this.deps.sessionId !== undefined)) {
        // A 404 on the GET alone is not proof: some servers answer 404 to the GET while the
        // session works. Confirm with a ping; if POSTs work, stay POST-only and back off the GET.
        const alive = this.deps.confirmSession ? await this.deps.confirmSession().catch(() => true) : false;
        if (this.stopped) return 'stop';
        if (alive) {
          throw new UpstreamFailure({
            kind: 'unreachable',
            retryClass: 'R',
            message: `GET stream: HTTP ${response.status} while POSTs work (POST-only)`,
            httpStatus: response.status,
            retryAfterMs: POST_ONLY_RETRY_MS,
          });
        }
        this.deps.listener.onLost(
          new UpstreamFailure({
            kind: 'session_lost',
            retryClass: 'R',
            message: `GET stream: HTTP ${response.status}`,
            httpStatus: response.status,
          }),
        );
        return 'stop';
      }
      const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
      throw new UpstreamFailure({
        kind: 'unreachable',
        retryClass: 'R',
        message: `GET stream: HTTP ${response.status}`,
        httpStatus: response.status,
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      });
    }
    let dataEvents = 0;
    const decoder = new StringDecoder('utf8');
    const parser = createSseParser({
      onEvent: (event) => {
        if (event.id !== undefined) this.lastEventId = event.id;
        if (!event.data) return;
        dataEvents += 1;
        try {
          this.deps.listener.onServerMessage(JSON.parse(event.data) as JsonRpcMessage);
        } catch {
          // a malformed event is dropped; the stream itself is fine
        }
      },
      onRetry: (ms) => {
        this.serverRetryMs = Math.min(ms, 60_000);
      },
    });
    try {
      for await (const chunk of response.body as AsyncIterable<Buffer>) parser.push(decoder.write(chunk));
    } catch {
      // a cut ("terminated", ECONNRESET) ends the stream just like EOF
    }
    return this.stopped ? 'stop' : { dataEvents };
  }
}

import { requestWithAuth } from '../authorized-request.js';
import { classifyHttpStatus } from '../http-classify.js';
import { httpRequest, readBodyText, type HttpAgents, type HttpResponse } from '../http-request.js';
import { GetStream } from './get-stream.js';
import type { JsonRpcNotification, JsonRpcRequest, JsonRpcResponse } from '../jsonrpc.js';
import { readJsonResponse, readSseForResponse, sessionErrorIn } from './post-response.js';
import type { RequestContext, Upstream, UpstreamListener } from '../upstream.js';
import type { UpstreamAuth } from '../upstream-auth.js';
import { UpstreamFailure } from '../upstream-failure.js';
import { neverAborted } from '../timing.js';
import { acceptInitialize, INITIALIZE_TIMEOUT_MS } from './initialize-handshake.js';

/** Where and how to reach a Streamable HTTP server. */
export type HttpUpstreamOptions = {
  url: URL;
  agents: HttpAgents;
  staticHeaders: Record<string, string>;
  auth: UpstreamAuth;
  listener: UpstreamListener;
};

/**
 * Streamable HTTP upstream (protocol 2025-03-26, 2025-06-18, 2025-11-25) on our own HTTP client.
 *
 * Owns the session id and negotiated protocol version, sets Accept/Content-Type that user headers
 * cannot override, classifies every failure, asks the auth seam on 401/403, resumes a broken POST
 * stream via GET + Last-Event-ID, and runs the GET stream.
 */
export class StreamableHttpUpstream implements Upstream {
  readonly transport = 'streamable-http' as const;
  private sessionId: string | undefined;
  private protocolVersion: string | undefined;
  private getStream: GetStream | undefined;

  constructor(private readonly options: HttpUpstreamOptions) {}

  hasSession(): boolean {
    return this.sessionId !== undefined || this.protocolVersion !== undefined;
  }

  async connect(initialize: JsonRpcRequest): Promise<JsonRpcResponse> {
    this.getStream?.stop();
    this.getStream = undefined;
    this.sessionId = undefined;
    this.protocolVersion = undefined;
    const { response, sessionId } = await this.post(initialize, undefined, {
      signal: neverAborted(),
      onMessage: (message) => this.options.listener.onServerMessage(message),
      deadlineMs: INITIALIZE_TIMEOUT_MS,
    });
    acceptInitialize(response);
    this.sessionId = sessionId;
    const result = response.result as { protocolVersion?: unknown } | undefined;
    this.protocolVersion =
      typeof result?.protocolVersion === 'string' ? result.protocolVersion : '2025-03-26';
    await this.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    this.getStream = new GetStream({
      url: this.options.url,
      agents: this.options.agents,
      headers: () => this.headers(),
      auth: this.options.auth,
      listener: this.options.listener,
      sessionId: this.sessionId,
      confirmSession: () => this.confirmSession(),
    });
    this.getStream.start();
    return response;
  }

  async request(
    message: JsonRpcRequest,
    raw: string | undefined,
    context: RequestContext,
  ): Promise<JsonRpcResponse> {
    const { response } = await this.post(message, raw, context);
    if (sessionErrorIn(response) && this.sessionId !== undefined) {
      throw new UpstreamFailure({
        kind: 'session_lost',
        retryClass: 'R',
        message: `session error: ${response.error?.message ?? ''}`.slice(0, 300),
        httpStatus: 200,
      });
    }
    return response;
  }

  /** Ping over POST: true while the session works, false when the server says it is gone. */
  private async confirmSession(): Promise<boolean> {
    try {
      await this.request(
        { jsonrpc: '2.0', id: `tether:get-check:${Date.now()}`, method: 'ping' },
        undefined,
        {
          signal: neverAborted(),
          onMessage: () => undefined,
          deadlineMs: 10_000,
        },
      );
      return true;
    } catch (error) {
      // Only a session verdict ends the session; a network hiccup is left to the request path.
      return !(error instanceof UpstreamFailure && error.kind === 'session_lost');
    }
  }

  async send(message: JsonRpcNotification | JsonRpcResponse, raw?: string): Promise<void> {
    const response = await this.exchange(raw ?? JSON.stringify(message), neverAborted(), 30_000);
    response.body.resume();
  }

  async reset(): Promise<void> {
    await this.terminate();
  }

  async close(): Promise<void> {
    await this.terminate();
  }

  private async terminate(): Promise<void> {
    this.getStream?.stop();
    this.getStream = undefined;
    const terminated = this.sessionId;
    const hadSession = terminated !== undefined;
    if (hadSession) {
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), 2000);
      try {
        // Through the auth seam like every request: an expired token is refreshed, not left as a 401.
        const response = await requestWithAuth(this.options.auth, async () =>
          httpRequest({
            url: this.options.url,
            method: 'DELETE',
            headers: await this.headers(),
            agents: this.options.agents,
            signal: abort.signal,
            headersTimeoutMs: 2000,
          }),
        );
        response.body.resume();
      } catch {
        // best effort: the server expires the session on its own
      } finally {
        clearTimeout(timer);
      }
    }
    // A connect() that ran while the DELETE was in flight (a reset during a reconnect attempt) owns the
    // session now: forgetting its id would send the next request without one (400 from the server).
    if (this.sessionId !== terminated) return;
    this.sessionId = undefined;
    this.protocolVersion = undefined;
  }

  /** Headers for every request: user's, auth's, then the protocol ones, which nobody may override. */
  private async headers(): Promise<Record<string, string>> {
    const headers: Record<string, string> = {
      ...this.options.staticHeaders,
      ...(await this.options.auth.headers()),
    };
    if (this.sessionId !== undefined) headers['mcp-session-id'] = this.sessionId;
    if (this.protocolVersion !== undefined) headers['mcp-protocol-version'] = this.protocolVersion;
    return headers;
  }

  /** POST one message, with one auth retry on 401/403; returns the raw HTTP answer (2xx only). */
  private async exchange(body: string, signal: AbortSignal, headersTimeoutMs: number): Promise<HttpResponse> {
    let hadSessionId = false;
    const response = await requestWithAuth(this.options.auth, async () => {
      const headers = await this.headers();
      headers['content-type'] = 'application/json';
      headers['accept'] = 'application/json, text/event-stream';
      hadSessionId = headers['mcp-session-id'] !== undefined;
      return httpRequest({
        url: this.options.url,
        method: 'POST',
        headers,
        body,
        agents: this.options.agents,
        signal,
        headersTimeoutMs,
      });
    });
    if (response.status >= 200 && response.status < 300) return response;
    const text = await readBodyText(response.body);
    throw classifyHttpStatus({
      status: response.status,
      bodyText: text,
      retryAfter: response.headers['retry-after'],
      hadSessionId,
    });
  }

  private async post(
    message: JsonRpcRequest,
    raw: string | undefined,
    context: RequestContext,
  ): Promise<{ response: JsonRpcResponse; sessionId: string | undefined }> {
    const response = await this.exchange(
      raw ?? JSON.stringify(message),
      context.signal,
      Math.max(1000, context.deadlineMs),
    );
    const sessionId = (response.headers['mcp-session-id'] as string | undefined) ?? this.sessionId;
    const type = String(response.headers['content-type'] ?? '').toLowerCase();
    if (type.includes('text/event-stream')) {
      let result = await readSseForResponse(response.body, message.id, context.onMessage);
      for (
        let resumes = 0;
        result.kind === 'ended' && result.lastEventId !== undefined && resumes < 2;
        resumes += 1
      ) {
        result = await this.resume(message, result.lastEventId, context);
      }
      if (result.kind === 'response') return { response: result.response, sessionId };
      throw new UpstreamFailure({
        kind: 'connection_lost',
        retryClass: 'U',
        message: 'the response stream ended before the answer',
      });
    }
    if (type.includes('application/json'))
      return { response: await readJsonResponse(response.body), sessionId };
    response.body.resume();
    if (response.status === 202)
      throw new UpstreamFailure({
        kind: 'protocol',
        retryClass: 'U',
        message: 'HTTP 202 without an answer to a request',
      });
    throw new UpstreamFailure({
      kind: 'protocol',
      retryClass: 'U',
      message: `unexpected content type "${type.slice(0, 60)}"`,
    });
  }

  /** Resumes a broken POST stream: GET with Last-Event-ID (2025-11-25: "Resumption is always via HTTP GET"). */
  private async resume(message: JsonRpcRequest, lastEventId: string, context: RequestContext) {
    try {
      const response = await requestWithAuth(this.options.auth, async () =>
        httpRequest({
          url: this.options.url,
          method: 'GET',
          headers: { ...(await this.headers()), accept: 'text/event-stream', 'last-event-id': lastEventId },
          agents: this.options.agents,
          signal: context.signal,
          headersTimeoutMs: 30_000,
        }),
      );
      if (response.status !== 200) {
        response.body.resume();
        return { kind: 'ended' as const, lastEventId: undefined };
      }
      return await readSseForResponse(response.body, message.id, context.onMessage, lastEventId);
    } catch {
      return { kind: 'ended' as const, lastEventId: undefined };
    }
  }
}

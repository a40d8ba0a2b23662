import { StringDecoder } from 'node:string_decoder';
import { requestWithAuth } from '../authorized-request.js';
import { classifyHttpStatus } from '../http-classify.js';
import { httpRequest, readBodyText, type HttpAgents } from '../http-request.js';
import type { JsonRpcMessage, JsonRpcNotification, JsonRpcRequest, JsonRpcResponse } from '../jsonrpc.js';
import { PendingRequests } from './pending-requests.js';
import { createSseParser } from '../../../shared/sse-parser.js';
import type { RequestContext, Upstream, UpstreamListener } from '../upstream.js';
import type { UpstreamAuth } from '../upstream-auth.js';
import { UpstreamFailure } from '../upstream-failure.js';
import { initializeOver } from './initialize-handshake.js';

/**
 * Legacy HTTP+SSE upstream (2024-11-05): one GET stream announcing a POST `endpoint`, answers on the stream.
 *
 * The session lives and dies with the stream: when it drops, pending requests fail (class U) and the
 * session manager reconnects, which opens a new stream and re-initializes on the new endpoint (F12).
 */
export class SseUpstream implements Upstream {
  readonly transport = 'sse' as const;
  private endpoint: URL | undefined;
  private abort: AbortController | undefined;
  private readonly pending = new PendingRequests();

  constructor(
    private readonly options: {
      url: URL;
      agents: HttpAgents;
      staticHeaders: Record<string, string>;
      auth: UpstreamAuth;
      listener: UpstreamListener;
    },
  ) {}

  hasSession(): boolean {
    return this.endpoint !== undefined;
  }

  async connect(initialize: JsonRpcRequest): Promise<JsonRpcResponse> {
    this.drop();
    await this.openStream();
    return initializeOver(this, initialize, (m) => this.options.listener.onServerMessage(m));
  }

  async request(
    message: JsonRpcRequest,
    raw: string | undefined,
    context: RequestContext,
  ): Promise<JsonRpcResponse> {
    const answer = this.pending.add(message.id, context);
    // The stream can drop (rejecting the answer) while the POST is still under way: handled below.
    answer.catch(() => undefined);
    try {
      await this.post(raw ?? JSON.stringify(message));
    } catch (error) {
      this.pending.forget(message.id);
      throw error;
    }
    return answer;
  }

  async send(message: JsonRpcNotification | JsonRpcResponse, raw?: string): Promise<void> {
    await this.post(raw ?? JSON.stringify(message));
  }

  async reset(): Promise<void> {
    this.drop();
  }

  async close(): Promise<void> {
    this.drop();
  }

  private async headers(): Promise<Record<string, string>> {
    return { ...this.options.staticHeaders, ...(await this.options.auth.headers()) };
  }

  private async post(body: string): Promise<void> {
    if (!this.endpoint)
      throw new UpstreamFailure({ kind: 'unreachable', retryClass: 'N', message: 'no SSE session' });
    const endpoint = this.endpoint;
    const response = await requestWithAuth(this.options.auth, async () =>
      httpRequest({
        url: endpoint,
        method: 'POST',
        headers: {
          ...(await this.headers()),
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body,
        agents: this.options.agents,
        headersTimeoutMs: 30_000,
      }),
    );
    const text = await readBodyText(response.body);
    if (response.status >= 200 && response.status < 300) return;
    throw classifyHttpStatus({
      status: response.status,
      bodyText: text,
      retryAfter: response.headers['retry-after'],
      hadSessionId: true,
    });
  }

  /** Opens the GET stream and resolves once the `endpoint` event arrived. */
  private async openStream(): Promise<void> {
    const abort = new AbortController();
    this.abort = abort;
    const response = await requestWithAuth(this.options.auth, async () =>
      httpRequest({
        url: this.options.url,
        method: 'GET',
        headers: { ...(await this.headers()), accept: 'text/event-stream' },
        agents: this.options.agents,
        signal: abort.signal,
        headersTimeoutMs: 30_000,
      }),
    );
    if (response.status !== 200) {
      const text = await readBodyText(response.body);
      throw classifyHttpStatus({
        status: response.status,
        bodyText: text,
        retryAfter: response.headers['retry-after'],
        hadSessionId: false,
      });
    }
    await new Promise<void>((resolve, reject) => {
      const decoder = new StringDecoder('utf8');
      const parser = createSseParser({
        onEvent: (event) => {
          if (event.event === 'endpoint') {
            this.endpoint = new URL(event.data, this.options.url);
            resolve();
            return;
          }
          if (!event.data) return;
          try {
            this.onMessage(JSON.parse(event.data) as JsonRpcMessage);
          } catch {
            // malformed event: dropped
          }
        },
      });
      response.body.on('data', (chunk: Buffer) => parser.push(decoder.write(chunk)));
      let over = false;
      const ended = (): void => {
        if (over) return;
        over = true;
        reject(
          new UpstreamFailure({
            kind: 'unreachable',
            retryClass: 'N',
            message: 'SSE stream ended before the endpoint event',
          }),
        );
        if (this.abort !== abort) return;
        this.drop();
        this.options.listener.onLost(
          new UpstreamFailure({ kind: 'connection_lost', retryClass: 'U', message: 'SSE stream dropped' }),
        );
      };
      response.body.on('end', ended);
      response.body.on('error', ended);
      // A killed server can end the response without 'end' or 'error' (only 'aborted'/'close').
      response.body.on('aborted', ended);
      response.body.on('close', ended);
    });
  }

  private onMessage(message: JsonRpcMessage): void {
    if (!this.pending.settle(message)) this.options.listener.onServerMessage(message);
  }

  private drop(): void {
    this.abort?.abort();
    this.abort = undefined;
    this.endpoint = undefined;
    this.pending.failAll(
      new UpstreamFailure({
        kind: 'connection_lost',
        retryClass: 'U',
        message: 'the SSE stream dropped before the answer',
      }),
    );
  }
}

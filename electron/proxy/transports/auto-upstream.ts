import type { JsonRpcNotification, JsonRpcRequest, JsonRpcResponse } from '../jsonrpc.js';
import type { RequestContext, Upstream, UpstreamListener } from '../upstream.js';
import { UpstreamFailure } from '../upstream-failure.js';

/**
 * `--transport auto`: Streamable HTTP first; if the initialize POST gets 400/404/405 (2025-11-25
 * backwards-compatibility rule), switch to legacy HTTP+SSE for the rest of the process.
 */
export class AutoUpstream implements Upstream {
  private current: Upstream;
  private decided = false;

  constructor(
    private readonly http: Upstream,
    private readonly sse: Upstream,
    private readonly listener: UpstreamListener,
  ) {
    this.current = http;
  }

  get transport(): Upstream['transport'] {
    return this.current.transport;
  }

  hasSession(): boolean {
    return this.current.hasSession();
  }

  async connect(initialize: JsonRpcRequest): Promise<JsonRpcResponse> {
    if (this.decided) return this.current.connect(initialize);
    try {
      const response = await this.http.connect(initialize);
      this.decided = true;
      return response;
    } catch (error) {
      const status = error instanceof UpstreamFailure ? error.httpStatus : undefined;
      if (status !== 400 && status !== 404 && status !== 405) throw error;
      const response = await this.sse.connect(initialize);
      this.current = this.sse;
      this.decided = true;
      this.listener.onTransportEvent({ type: 'fallback-sse' });
      return response;
    }
  }

  request(
    message: JsonRpcRequest,
    raw: string | undefined,
    context: RequestContext,
  ): Promise<JsonRpcResponse> {
    return this.current.request(message, raw, context);
  }

  send(message: JsonRpcNotification | JsonRpcResponse, raw?: string): Promise<void> {
    return this.current.send(message, raw);
  }

  reset(): Promise<void> {
    return this.current.reset();
  }

  close(): Promise<void> {
    return this.current.close();
  }
}

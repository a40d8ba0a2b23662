import type { JsonRpcId, JsonRpcMessage, JsonRpcResponse } from '../jsonrpc.js';
import type { RequestContext } from '../upstream.js';
import { UpstreamFailure } from '../upstream-failure.js';

type Entry = {
  resolve: (response: JsonRpcResponse) => void;
  reject: (failure: UpstreamFailure) => void;
};

/**
 * Requests sent upstream whose answers come back on a shared channel (the legacy SSE stream, a stdio
 * child's stdout), matched by id.
 *
 * Each waits until its answer arrives, the channel fails them all, or its signal aborts (class U:
 * it was sent). Whatever settles it removes the abort listener, so a long-lived signal does not
 * collect one listener per request.
 */
export class PendingRequests {
  private readonly entries = new Map<JsonRpcId, Entry>();

  /** Registers `id`; the promise settles with its answer or a failure (see the class comment). */
  add(id: JsonRpcId, context: Pick<RequestContext, 'signal'>): Promise<JsonRpcResponse> {
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.entries.delete(id);
        reject(new UpstreamFailure({ kind: 'aborted', retryClass: 'U', message: 'cancelled' }));
      };
      context.signal.addEventListener('abort', onAbort, { once: true });
      this.entries.set(id, {
        resolve: (response) => {
          context.signal.removeEventListener('abort', onAbort);
          resolve(response);
        },
        reject: (failure) => {
          context.signal.removeEventListener('abort', onAbort);
          reject(failure);
        },
      });
    });
  }

  /** Delivers a response to its request; false when the message is not an answer anyone waits for. */
  settle(message: JsonRpcMessage): boolean {
    if ('method' in message || !('id' in message) || message.id === null) return false;
    const entry = this.entries.get(message.id);
    if (!entry) return true; // a late answer (cancelled, or a proxy request given up): dropped
    this.entries.delete(message.id);
    entry.resolve(message);
    return true;
  }

  /** Fails one request whose sending failed (its own error goes to the caller). */
  forget(id: JsonRpcId): void {
    const entry = this.entries.get(id);
    this.entries.delete(id);
    entry?.reject(new UpstreamFailure({ kind: 'aborted', retryClass: 'N', message: 'not sent' }));
  }

  /** The channel is gone: every request still waiting fails with `failure`. */
  failAll(failure: UpstreamFailure): void {
    const entries = [...this.entries.values()];
    this.entries.clear();
    for (const entry of entries) entry.reject(failure);
  }
}

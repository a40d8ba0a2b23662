import type { JsonRpcRequest, JsonRpcResponse } from './jsonrpc.js';

/**
 * What the client set up on the server's session, so a new session (after a restart or session loss)
 * can be given the same: resource subscriptions and the logging level.
 *
 * The client does not know its session was replaced, so it will not subscribe again; without this a
 * `notifications/resources/updated` would silently never come after a server restart.
 */
export class ClientSessionSetup {
  private readonly subscriptions = new Set<string>();
  private logLevel: string | undefined;

  /** A client request the server accepted. */
  record(request: JsonRpcRequest, response: JsonRpcResponse): void {
    if (response.error) return;
    const uri = request.params?.['uri'];
    const level = request.params?.['level'];
    if (request.method === 'resources/subscribe' && typeof uri === 'string') this.subscriptions.add(uri);
    else if (request.method === 'resources/unsubscribe' && typeof uri === 'string')
      this.subscriptions.delete(uri);
    else if (request.method === 'logging/setLevel' && typeof level === 'string') this.logLevel = level;
  }

  /** The requests that give a fresh session the client's setup (ids from `nextId`). */
  restoreRequests(nextId: (kind: string) => string): JsonRpcRequest[] {
    const requests: JsonRpcRequest[] = [];
    if (this.logLevel !== undefined)
      requests.push({
        jsonrpc: '2.0',
        id: nextId('restore'),
        method: 'logging/setLevel',
        params: { level: this.logLevel },
      });
    for (const uri of this.subscriptions)
      requests.push({
        jsonrpc: '2.0',
        id: nextId('restore'),
        method: 'resources/subscribe',
        params: { uri },
      });
    return requests;
  }
}

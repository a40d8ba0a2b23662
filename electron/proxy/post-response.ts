import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { isSessionErrorMessage } from './http-classify.js';
import type { JsonRpcId, JsonRpcMessage, JsonRpcResponse } from './jsonrpc.js';
import { createSseParser } from './sse-parser.js';
import { UpstreamFailure } from './upstream-failure.js';

/**
 * Reading the answer to a POSTed request: one JSON object, or an SSE stream that carries related
 * server messages and finally the response.
 */
export type StreamReadResult =
  | { kind: 'response'; response: JsonRpcResponse }
  /** The stream ended without the response; `lastEventId` allows resumption via GET. */
  | { kind: 'ended'; lastEventId: string | undefined };

/** Reads an SSE body until the response for `id` arrives; other messages go to `onMessage`. */
export async function readSseForResponse(
  body: Readable,
  id: JsonRpcId,
  onMessage: (message: JsonRpcMessage) => void,
  startEventId?: string,
): Promise<StreamReadResult> {
  let lastEventId = startEventId;
  let found: JsonRpcResponse | undefined;
  const decoder = new StringDecoder('utf8');
  const parser = createSseParser({
    onEvent: (event) => {
      if (event.id !== undefined) lastEventId = event.id;
      if (!event.data || found) return;
      let message: JsonRpcMessage;
      try {
        message = JSON.parse(event.data) as JsonRpcMessage;
      } catch {
        return;
      }
      if (!('method' in message) && 'id' in message && message.id === id) found = message;
      else onMessage(message);
    },
  });
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      parser.push(decoder.write(chunk));
      if (found) {
        body.destroy();
        break;
      }
    }
  } catch {
    // the stream broke; decided below from what arrived
  }
  return found ? { kind: 'response', response: found } : { kind: 'ended', lastEventId };
}

/** Reads a JSON body (one response object). Throws a protocol failure on invalid JSON. */
export async function readJsonResponse(body: Readable): Promise<JsonRpcResponse> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) chunks.push(chunk);
  } catch (error) {
    throw new UpstreamFailure({
      kind: 'connection_lost',
      retryClass: 'U',
      message: `response body cut: ${String(error)}`.slice(0, 300),
    });
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    const parsed = JSON.parse(text) as unknown;
    // 2025-03-26 allowed batches; a batch answer to a single request holds one response.
    const value = Array.isArray(parsed) ? (parsed[0] as unknown) : parsed;
    return value as JsonRpcResponse;
  } catch {
    throw new UpstreamFailure({ kind: 'protocol', retryClass: 'U', message: 'upstream sent invalid JSON' });
  }
}

/** A 200 answer whose JSON-RPC error says the session is gone (non-compliant servers). */
export function sessionErrorIn(response: JsonRpcResponse): boolean {
  const error = response.error;
  if (!error || typeof error.message !== 'string') return false;
  const generic =
    response.id === null || error.code === -32000 || error.code === -32001 || error.code === -32600;
  return generic && isSessionErrorMessage(error.message);
}

import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { isSessionErrorMessage } from '../http-classify.js';
import type { JsonRpcId, JsonRpcMessage, JsonRpcResponse } from '../jsonrpc.js';
import { createSseParser } from '../../../shared/sse-parser.js';
import { UpstreamFailure } from '../upstream-failure.js';

/**
 * Reading the answer to a POSTed request: one JSON object, or an SSE stream that carries related
 * server messages and finally the response.
 */
export type StreamReadResult =
  | { kind: 'response'; response: JsonRpcResponse }
  /** The stream ended without the response; `lastEventId` allows resumption via GET. */
  | { kind: 'ended'; lastEventId: string | undefined };

/**
 * How long the rest of an SSE answer may take to end once its response arrived. The spec has the
 * server close the stream after the response; reading to that end hands the keep-alive socket back
 * to the pool (destroying it costs a TCP, and for https a TLS, handshake on the next request). A
 * server that keeps the stream open longer gets it cut.
 */
export const SSE_TAIL_GRACE_MS = 2_000;

/** Reads an SSE body until the response for `id` arrives; other messages go to `onMessage`. */
export function readSseForResponse(
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
  return new Promise((resolve) => {
    let settled = false;
    // Called again by the stream's later events; they stay listened to, so an error after the
    // answer (a cut tail) never goes unhandled.
    const settle = (): void => {
      if (settled) return;
      settled = true;
      body.off('data', onData);
      // A broken stream is decided from what arrived.
      resolve(found ? { kind: 'response', response: found } : { kind: 'ended', lastEventId });
    };
    const onData = (chunk: Buffer): void => {
      parser.push(decoder.write(chunk));
      if (!found) return;
      settle();
      discardTail(body);
    };
    body.on('data', onData);
    body.on('end', settle);
    body.on('error', settle);
    body.on('close', settle);
  });
}

/** Reads what follows the response to its end (socket reused), or cuts it after the grace. */
function discardTail(body: Readable): void {
  if (body.readableEnded || body.destroyed) return;
  const cut = setTimeout(() => body.destroy(), SSE_TAIL_GRACE_MS);
  cut.unref();
  body.once('close', () => clearTimeout(cut));
  body.resume();
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

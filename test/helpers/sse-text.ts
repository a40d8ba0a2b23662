/**
 * Minimal SSE text handling for the fault layer: enough to relay, strip or rewrite whole events.
 */
export type SseEvent = { raw: string; id: string | undefined; data: string };

/** Splits complete events (ended by a blank line) off `text`; `rest` is the incomplete tail. */
export function splitSseEvents(text: string): { events: SseEvent[]; rest: string } {
  const normalized = text.replace(/\r\n/g, '\n');
  const parts = normalized.split('\n\n');
  const rest = parts.pop() ?? '';
  const events = parts.map((block) => {
    const lines = block.split('\n');
    const data = lines
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).replace(/^ /, ''))
      .join('\n');
    const idLine = lines.find((line) => line.startsWith('id:'));
    return { raw: `${block}\n\n`, id: idLine?.slice(3).trim(), data };
  });
  return { events, rest };
}

/** True when an SSE data payload is a JSON-RPC response (has an id and a result or an error). */
export function isJsonRpcResponse(data: string): boolean {
  if (data === '') return false;
  try {
    const message = JSON.parse(data) as Record<string, unknown>;
    return 'id' in message && ('result' in message || 'error' in message);
  } catch {
    return false;
  }
}

/** Rewrites every JSON-RPC message in a JSON or SSE body, keeping the framing. */
export function rewriteBody(
  text: string,
  contentType: string,
  transform: (message: Record<string, unknown>) => Record<string, unknown> | Record<string, unknown>[],
): string {
  if (!contentType.includes('text/event-stream')) {
    if (text === '') return text;
    const result = transform(JSON.parse(text) as Record<string, unknown>);
    // A JSON body holds one message; extra messages only fit an SSE body, so keep the last (the answer).
    return JSON.stringify(Array.isArray(result) ? result[result.length - 1] : result);
  }
  const { events, rest } = splitSseEvents(text);
  const rewritten = events.map((event) => {
    if (event.data === '') return event.raw;
    const result = transform(JSON.parse(event.data) as Record<string, unknown>);
    const messages = Array.isArray(result) ? result : [result];
    const kept = event.raw
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('data:'))
      .join('\n');
    // Inserted messages go first as plain events; the original event keeps its id line.
    const extra = messages
      .slice(0, -1)
      .map((message) => `event: message\ndata: ${JSON.stringify(message)}\n\n`);
    const last = messages[messages.length - 1];
    return `${extra.join('')}${kept === '' ? '' : `${kept}\n`}data: ${JSON.stringify(last)}\n\n`;
  });
  return rewritten.join('') + rest;
}

/**
 * A minimal incremental SSE parser (WHATWG event-stream framing), enough for probing.
 *
 * The doctor reads raw sockets rather than going through an SDK transport so it can see what the SDK
 * hides: status codes, comment keep-alives and the exact moment a stream ends.
 */
export type SseEvent = { event: string; data: string; id: string | undefined };

export type SseParser = {
  /** Feeds a chunk; complete events and comments are reported synchronously. */
  push(chunk: string): void;
};

/** Creates a parser calling `onEvent` per dispatched event and `onComment` per `:` line. */
export function createSseParser(
  onEvent: (event: SseEvent) => void,
  onComment: (text: string) => void,
): SseParser {
  let buffer = '';
  let data: string[] = [];
  let event = '';
  let id: string | undefined;
  const dispatch = (): void => {
    if (data.length > 0) onEvent({ event: event || 'message', data: data.join('\n'), id });
    data = [];
    event = '';
    id = undefined;
  };
  const line = (text: string): void => {
    if (text === '') return dispatch();
    if (text.startsWith(':')) return onComment(text.slice(1).trim());
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    const value = colon === -1 ? '' : text.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    else if (field === 'id') id = value;
  };
  return {
    push(chunk: string): void {
      buffer += chunk;
      let match: RegExpExecArray | null;
      while ((match = /\r\n|\r|\n/.exec(buffer)) !== null) {
        // A lone `\r` at the end may be the first half of `\r\n`: wait for more.
        if (match[0] === '\r' && match.index === buffer.length - 1) break;
        line(buffer.slice(0, match.index));
        buffer = buffer.slice(match.index + match[0].length);
      }
    },
  };
}

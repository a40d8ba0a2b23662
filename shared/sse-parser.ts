/** One dispatched Server-Sent Event (`event` defaults to `message`). */
export type SseEvent = { event: string; data: string; id: string | undefined };

/** What a parser reports, synchronously, as complete lines arrive. */
export type SseHandlers = {
  onEvent: (event: SseEvent) => void;
  onRetry?: (ms: number) => void;
  /** Any comment line (`: keepalive`), with its text: proves the stream is alive. */
  onComment?: (text: string) => void;
};

/**
 * Incremental Server-Sent Events parser (WHATWG EventSource field rules), fed with raw chunks; used
 * by the proxy and by `tether doctor`.
 *
 * Own parser rather than eventsource/eventsource-parser: the proxy needs the event `id` for
 * Last-Event-ID, the `retry:` field, and to see comments (keep-alives) as liveness; the doctor reads
 * raw sockets to see what an SDK transport hides (keep-alives, the moment a stream ends).
 */
export function createSseParser(handlers: SseHandlers): { push(chunk: string): void } {
  let buffer = '';
  let data: string[] = [];
  let eventName = '';
  let id: string | undefined;
  let sawField = false;

  const dispatch = (): void => {
    if (sawField && data.length > 0)
      handlers.onEvent({ event: eventName || 'message', data: data.join('\n'), id });
    else if (sawField && id !== undefined) handlers.onEvent({ event: eventName || 'message', data: '', id });
    data = [];
    eventName = '';
    id = undefined;
    sawField = false;
  };

  const line = (text: string): void => {
    if (text === '') return dispatch();
    if (text.startsWith(':')) return handlers.onComment?.(text.slice(1).trim());
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    sawField = true;
    if (field === 'data') data.push(value);
    else if (field === 'event') eventName = value;
    else if (field === 'id' && !value.includes('\0')) id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) handlers.onRetry?.(Number(value));
  };

  return {
    push(chunk: string): void {
      buffer += chunk;
      let start = 0;
      for (;;) {
        const nl = buffer.indexOf('\n', start);
        const cr = buffer.indexOf('\r', start);
        let end: number;
        let next: number;
        if (nl === -1 && cr === -1) break;
        if (cr !== -1 && (nl === -1 || cr < nl)) {
          if (cr === buffer.length - 1) break; // wait: CR may be followed by LF in the next chunk
          end = cr;
          next = buffer[cr + 1] === '\n' ? cr + 2 : cr + 1;
        } else {
          end = nl;
          next = end + 1;
        }
        line(buffer.slice(start, end));
        start = next;
      }
      buffer = buffer.slice(start);
    },
  };
}

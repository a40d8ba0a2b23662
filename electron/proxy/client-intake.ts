import { PROXY_ID_PREFIX } from '../../shared/proxy-errors.js';
import {
  classifyMessage,
  errorResponse,
  type JsonRpcId,
  type JsonRpcRequest,
  type JsonRpcResponse,
} from './jsonrpc.js';
import { rawValuesAt } from './json-raw-scan.js';
import type { RawIdAliases } from './raw-id-aliases.js';

/** Where a client message goes once it is known to be well-formed. */
export type IntakeHandlers = {
  request(message: JsonRpcRequest, raw: string): void;
  notification(method: string, params: Record<string, unknown> | undefined, raw: string): void;
  response(message: JsonRpcResponse, raw: string): void;
  /** Writes an answer the proxy makes itself (errors); aliased ids are restored by the writer. */
  answer(message: JsonRpcResponse): void;
  note(message: string): void;
};

/**
 * The client side of the proxy's JSON-RPC: every line the client writes gets the answer JSON-RPC
 * asks for, before anything goes upstream.
 *
 * - Not JSON: -32700, id null. Not a request object (`null`, `true`, an id that is `null`, `true`, an
 *   object or an array): -32600, id null.
 * - A batch (`[…]`): each member is handled as its own line and each request answered on its own line
 *   (MCP has no batches since 2025-06-18; clients match answers by id); `[]` is one -32600.
 * - A number id that a JavaScript number cannot carry exactly goes through under an alias and comes
 *   back as the client's own text (raw-id-aliases.ts).
 * - A line over the size limit: its id is read from the head that was kept, and answered -32600.
 */
export class ClientIntake {
  constructor(
    private readonly handlers: IntakeHandlers,
    private readonly aliases: RawIdAliases,
  ) {}

  onLine(text: string): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.invalid(null, -32700, 'invalid JSON');
      return;
    }
    if (!Array.isArray(value)) return this.onValue(value, text, []);
    if (value.length === 0) return this.invalid(null, -32600, 'empty batch');
    value.forEach((member, index) => this.onValue(member, JSON.stringify(member), [String(index)], text));
  }

  /** A line over the limit: answer it when its head shows a request id. */
  onOversize(bytes: number, head: string, limit: number): void {
    const what = `client sent a line of ${bytes} bytes, over the ${Math.round(limit / 1024 / 1024)} MiB limit`;
    const found = rawValuesAt(head, [['id'], ['method'], ['result'], ['error']]);
    const id = found.get('id');
    if (head.trimStart().startsWith('[') || (id && id.type !== 'string' && id.type !== 'number')) {
      this.handlers.note(`${what}; answered without an id`);
      return this.invalid(null, -32600, `message too large (${bytes} bytes)`);
    }
    if (!id || found.has('result') || found.has('error')) {
      this.handlers.note(`${what}; dropped (no request id in its first bytes)`);
      return;
    }
    this.handlers.note(`${what}; answered with an error, not sent upstream`);
    const parsed = JSON.parse(id.raw) as JsonRpcId;
    const answerId = id.type === 'number' && String(parsed) !== id.raw ? this.aliases.alias(id.raw) : parsed;
    this.handlers.answer(
      errorResponse(answerId, {
        code: -32600,
        message: `Invalid Request: the message is ${bytes} bytes, over the proxy's ${Math.round(limit / 1024 / 1024)} MiB limit; it was not sent to the server`,
      }),
    );
  }

  private onValue(value: unknown, raw: string, prefix: string[], source = raw): void {
    const record =
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : undefined;
    let aliased = false;
    if (record && typeof record['id'] === 'number') {
      const alias = this.aliasFor(record['id'], source, [...prefix, 'id']);
      if (alias) {
        record['id'] = alias;
        aliased = true;
      }
    } else if (
      record &&
      typeof record['id'] === 'string' &&
      record['id'].startsWith(PROXY_ID_PREFIX) &&
      typeof record['method'] === 'string'
    ) {
      return this.invalid(
        record['id'],
        -32600,
        `ids starting with "${PROXY_ID_PREFIX}" are reserved by the proxy`,
      );
    }
    const parsed = classifyMessage(record ?? value);
    switch (parsed.kind) {
      case 'invalid':
        return this.invalid(parsed.id, parsed.code, parsed.reason);
      case 'notification': {
        const rewritten = this.rewriteCancelledId(
          parsed.message.method,
          parsed.message.params,
          source,
          prefix,
        );
        return this.handlers.notification(
          parsed.message.method,
          parsed.message.params,
          aliased || rewritten ? JSON.stringify(record) : raw,
        );
      }
      case 'response':
        return this.handlers.response(parsed.message, raw);
      case 'request':
        return this.handlers.request(parsed.message, aliased ? JSON.stringify(record) : raw);
    }
  }

  /**
   * An alias when the number `id` parsed to is not the text the client wrote, or is no safe integer
   * (servers built on the MCP SDK refuse those: the alias, a string, reaches them instead).
   */
  private aliasFor(id: number, source: string, path: string[]): string | undefined {
    if (Number.isSafeInteger(id) && source.startsWith(`{"jsonrpc":"2.0","id":${id},`)) return undefined;
    const raw = rawValuesAt(source, [path]).get(path.join('.'));
    if (raw?.type !== 'number') return undefined;
    if (Number.isSafeInteger(id) && raw.raw === String(id)) return undefined;
    if (Number(raw.raw) !== id && Number.isFinite(id)) return undefined; // a repeated key: JSON.parse kept another
    return this.aliases.alias(raw.raw);
  }

  /** A cancellation naming an aliased request must name its alias, or the engine cannot find it. */
  private rewriteCancelledId(
    method: string,
    params: Record<string, unknown> | undefined,
    source: string,
    prefix: string[],
  ): boolean {
    if (method !== 'notifications/cancelled' || typeof params?.['requestId'] !== 'number') return false;
    const path = [...prefix, 'params', 'requestId'];
    const raw = rawValuesAt(source, [path]).get(path.join('.'));
    const alias = raw?.type === 'number' ? this.aliases.inFlight(raw.raw) : undefined;
    if (alias) params['requestId'] = alias;
    return alias !== undefined;
  }

  private invalid(id: JsonRpcId | null, code: -32700 | -32600, reason: string): void {
    this.handlers.note(`client sent an invalid message (${reason})`);
    this.handlers.answer(
      errorResponse(id, { code, message: code === -32700 ? 'Parse error' : `Invalid Request: ${reason}` }),
    );
  }
}

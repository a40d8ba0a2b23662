import type { ProxyErrorData } from '../../shared/proxy-errors.js';
import type { JsonRpcMessage, StdioClient } from './mcp-stdio-client.js';

/**
 * Reading the proxy's answers through its documented error contract (shared/proxy-errors.ts):
 * `error.data.tether` for JSON-RPC errors, `result._meta.tether` for failed `tools/call` results.
 */
export function proxyError(answer: JsonRpcMessage): ProxyErrorData | undefined {
  const fromError = (answer.error?.data as { tether?: ProxyErrorData } | undefined)?.tether;
  if (fromError) return fromError;
  const meta = answer.result?.['_meta'] as { tether?: ProxyErrorData } | undefined;
  return meta?.tether;
}

/** The text of a tools/call result (all text parts joined). */
export function toolText(answer: JsonRpcMessage): string {
  const content = answer.result?.['content'];
  if (!Array.isArray(content)) return '';
  return content
    .map((part: unknown) => {
      const text = (part as { text?: unknown }).text;
      return typeof text === 'string' ? text : '';
    })
    .join('\n');
}

/** A tools/call that really ran and succeeded upstream. */
export function isToolSuccess(answer: JsonRpcMessage): boolean {
  return answer.result !== undefined && answer.result['isError'] !== true && proxyError(answer) === undefined;
}

/** Ids that did not get exactly one answer: the invariant is that this list is empty. */
export function idsWithoutExactlyOneAnswer(client: StdioClient): string[] {
  return [...client.answerCounts()].filter(([, count]) => count !== 1).map(([id, count]) => `${id}:${count}`);
}

/** Tool names of a tools/list answer. */
export function toolNames(answer: JsonRpcMessage): string[] {
  const tools = answer.result?.['tools'];
  return Array.isArray(tools) ? tools.map((tool: unknown) => String((tool as { name?: unknown }).name)) : [];
}

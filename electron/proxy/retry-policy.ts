import type { RetryClass } from './upstream-failure.js';

/**
 * Whether a failed request may be sent again (proxy-spec §2).
 *
 * Safe methods have no side effects, so they are replayed whatever the timing. `tools/call` (and any
 * unknown method, to err on the side of not repeating effects) is replayed only when it provably did
 * not run (class N or R) or the user allow-listed the tool with `--retryable-tools`.
 */
const SAFE_METHODS = new Set([
  'ping',
  'initialize',
  'tools/list',
  'prompts/list',
  'prompts/get',
  'resources/list',
  'resources/templates/list',
  'resources/read',
  'resources/subscribe',
  'resources/unsubscribe',
  'completion/complete',
  'logging/setLevel',
  'tasks/get',
  'tasks/list',
]);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method);
}

export type ReplayInput = {
  method: string;
  toolName?: string;
  retryClass: RetryClass;
  retryableTools: ReadonlySet<string>;
};

/** The replay decision for one failure of one request. */
export function mayReplay({ method, toolName, retryClass, retryableTools }: ReplayInput): boolean {
  if (retryClass === 'N' || retryClass === 'R') return true;
  if (isSafeMethod(method)) return true;
  return method === 'tools/call' && toolName !== undefined && retryableTools.has(toolName);
}

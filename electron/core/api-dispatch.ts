import { invokeContract, isInvokeChannel, type InvokeChannel } from '../../shared/api-contract.js';
import { fail, ok, type Result } from '../../shared/result.js';
import type { ApiHandlers } from './service.js';

/**
 * Validates and runs one API call; the single entry point of every transport (IPC and WebSocket).
 *
 * Requests are parsed against the contract before any handler runs, and responses are parsed on the
 * way out so a handler cannot leak fields the contract does not declare. Thrown errors become an
 * `internal` result: they never cross the transport as exceptions.
 */
export async function dispatchInvoke(
  handlers: ApiHandlers,
  channel: unknown,
  request: unknown,
): Promise<Result<unknown>> {
  if (!isInvokeChannel(channel)) return fail('unknown_channel', `Unknown channel: ${String(channel)}`);
  const contract = invokeContract[channel];
  const parsed = contract.request.safeParse(request ?? {});
  if (!parsed.success) return fail('bad_request', `Invalid request for ${channel}: ${parsed.error.message}`);
  try {
    const handler = handlers[channel] as (req: unknown) => Promise<unknown>;
    return ok(contract.response.parse(await handler(parsed.data)));
  } catch (error) {
    return fail('internal', describeError(channel, error));
  }
}

function describeError(channel: InvokeChannel, error: unknown): string {
  return `${channel} failed: ${error instanceof Error ? error.message : String(error)}`;
}

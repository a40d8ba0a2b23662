/** A JSON object (not null, not an array): what config entries, JSON-RPC messages and log payloads must be. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

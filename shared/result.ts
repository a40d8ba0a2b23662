/**
 * The outcome of every API call, on every transport.
 *
 * Errors are values, not exceptions: only a message survives an IPC or WebSocket hop, so the code
 * that the UI renders travels explicitly.
 */
export type ApiErrorCode = 'bad_request' | 'unknown_channel' | 'not_found' | 'conflict' | 'internal';

export type ApiError = { code: ApiErrorCode; message: string };

export type Result<T> = { ok: true; data: T } | { ok: false; error: ApiError };

export function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}

export function fail<T = never>(code: ApiErrorCode, message: string): Result<T> {
  return { ok: false, error: { code, message } };
}

import { UpstreamFailure, type RetryClass } from './upstream-failure.js';

/**
 * Classification of HTTP answers and network errors (proxy-spec §3, F1/F3/F4/F5/F7/F11).
 *
 * Pure functions: status + body text + headers in, a classified failure out.
 */

const SESSION_400_PATTERN = /session|not initialized/i;
const SESSION_BODY_PATTERN =
  /session (not found|expired|terminated|is invalid)|invalid session|unknown session/i;

/** Whether an HTTP error answer means the session is gone (only meaningful when a session id was sent). */
export function isSessionLost(status: number, bodyText: string, hadSessionId: boolean): boolean {
  if (!hadSessionId) return false;
  if (status === 404 || status === 410) return true;
  if (status === 400 && SESSION_400_PATTERN.test(bodyText)) return true;
  return false;
}

/** Whether a JSON-RPC error inside a 200 answer says the session is gone (keryx-style servers). */
export function isSessionErrorMessage(message: string): boolean {
  return SESSION_BODY_PATTERN.test(message);
}

/**
 * Parses `Retry-After` (delay-seconds or HTTP-date) into milliseconds, clamped at 0.
 * Returns undefined when absent or unparsable.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.max(0, Math.round(Number(trimmed) * 1000));
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * Turns a response body into a short, safe message: HTML is reduced to its title or text, whitespace
 * collapsed, at most 300 characters. A JSON-RPC error body yields its `message`.
 */
export function summarizeBody(bodyText: string): string {
  const text = bodyText.trim();
  if (!text) return '';
  if (text.startsWith('{')) {
    try {
      const parsed = JSON.parse(text) as { error?: { message?: unknown }; message?: unknown };
      const message = parsed.error?.message ?? parsed.message;
      if (typeof message === 'string') return message.slice(0, 300);
    } catch {
      // not JSON after all; fall through to the text handling
    }
  }
  if (/<[a-z!/][^>]*>/i.test(text)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1];
    const stripped = (
      title ??
      text.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/gi, ' ').replace(/<[^>]+>/g, ' ')
    )
      .replace(/\s+/g, ' ')
      .trim();
    return stripped.slice(0, 300);
  }
  return text.replace(/\s+/g, ' ').slice(0, 300);
}

/** Classifies a non-2xx HTTP answer to a POST (the request reached some HTTP server). */
export function classifyHttpStatus(input: {
  status: number;
  bodyText: string;
  retryAfter?: string | null;
  hadSessionId: boolean;
  now?: number;
}): UpstreamFailure {
  const { status, bodyText, hadSessionId } = input;
  const summary = summarizeBody(bodyText);
  const message = `HTTP ${status}${summary ? `: ${summary}` : ''}`;
  const retryAfterMs = parseRetryAfter(input.retryAfter, input.now);
  const make = (kind: UpstreamFailure['kind'], retryClass: RetryClass): UpstreamFailure =>
    new UpstreamFailure({
      kind,
      retryClass,
      message,
      httpStatus: status,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  if (isSessionLost(status, bodyText, hadSessionId)) return make('session_lost', 'R');
  if (status === 429) return make('rate_limited', 'R');
  if (status === 401 || status === 403) return make('auth_required', 'R');
  if (status === 503 && retryAfterMs !== undefined) return make('rate_limited', 'R');
  // 503 (no healthy target, deploy) and 521-523 (origin down/unreachable): nothing ran.
  if (status === 503 || status === 521 || status === 522 || status === 523) return make('unreachable', 'R');
  // 504/524: the gateway timed out waiting; the origin is probably still working on it.
  if (status === 504 || status === 524) return make('gateway_timeout', 'U');
  // 502, 520 and other 5xx: the origin may have received the request.
  if (status >= 500) return make('unreachable', 'U');
  if (status === 406 || status === 415 || status === 400 || status === 413) return make('protocol', 'R');
  if (status === 404 || status === 405) return make('protocol', 'R');
  return make('protocol', 'R');
}

/** Node network error codes that mean no connection was made (the request was not sent). */
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
  'ECONNABORTED',
]);

/** TLS verification failures: the server is up, but this machine does not trust its certificate. */
const TLS_TRUST_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
]);

/** What to do about a TLS failure, said in the message the user reads; undefined for other errors. */
function tlsRemedy(code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  if (TLS_TRUST_CODES.has(code))
    return 'the server certificate is not trusted here; if your organisation signs it, point NODE_EXTRA_CA_CERTS at that CA (PEM) in the server entry env';
  if (code === 'CERT_HAS_EXPIRED') return 'the server certificate has expired; the server must renew it';
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return 'the server certificate is for another host name; check the URL';
  return undefined;
}

/**
 * Classifies a network error. `bodySent` is true once the request body was fully handed to the
 * socket: a reset before that means the server cannot have parsed the request (class N), after it
 * the outcome is unknown (class U).
 */
export function classifyNetworkError(error: unknown, bodySent: boolean): UpstreamFailure {
  const record = error as { code?: unknown; message?: unknown; errors?: unknown };
  let code = typeof record?.code === 'string' ? record.code : undefined;
  if (!code && Array.isArray(record?.errors)) {
    const first = (record.errors as Array<{ code?: unknown }>)[0];
    if (typeof first?.code === 'string') code = first.code;
  }
  const text = typeof record?.message === 'string' && record.message ? record.message : String(error);
  const remedy = tlsRemedy(code);
  const message = `${code ? `${code}: ` : ''}${text}`.slice(0, 300) + (remedy ? ` — ${remedy}` : '');
  const notSent = !bodySent || (code !== undefined && CONNECT_CODES.has(code));
  return new UpstreamFailure({
    kind: notSent ? 'unreachable' : 'connection_lost',
    retryClass: notSent ? 'N' : 'U',
    message,
    ...(code ? { errorCode: code } : {}),
  });
}

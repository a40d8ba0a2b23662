import { randomUUID } from 'node:crypto';
import type { LayerResult } from './doctor-types.js';
import { TransportError, type HttpExchange } from './http-exchange.js';
import { describeAnswer, postRequest, type McpTarget } from './mcp-request.js';

/** Deliberately wrong: neither JSON nor SSE. The SDK servers answer 406 (TS `:471`, Python #1641). */
export const WRONG_ACCEPT = 'text/plain';

/**
 * How the server treats a wrong Accept. 406 is what the SDKs do and what clients understand; an auth
 * status here sends clients into a login loop (XS-MLVP/UCAgent#127), a 5xx means a crash.
 */
export async function probeWrongAccept(target: McpTarget): Promise<LayerResult> {
  const answer = await attempt(() => postRequest(target, 'ping', {}, WRONG_ACCEPT));
  if (answer instanceof TransportError) {
    return {
      id: 'wrong-accept',
      verdict: 'warn',
      summary: `connection dropped (${answer.code})`,
      remedy:
        'The server drops a request with a wrong Accept instead of answering 406: clients see a network error, not a header problem.',
      durationMs: 0,
    };
  }
  const base = {
    id: 'wrong-accept' as const,
    durationMs: answer.durationMs,
    details: { sentAccept: WRONG_ACCEPT, status: answer.status },
  };
  const status = answer.status;
  if (status === 406)
    return { ...base, verdict: 'pass', summary: `HTTP 406 for Accept: ${WRONG_ACCEPT}, as the SDKs do` };
  if (status >= 200 && status < 300)
    return {
      ...base,
      verdict: 'pass',
      summary: `lenient: answered HTTP ${status} despite Accept: ${WRONG_ACCEPT}`,
    };
  if (status === 401 || status === 403) {
    return {
      ...base,
      verdict: 'warn',
      summary: `wrong Accept answered with ${describeAnswer(answer)}`,
      remedy:
        'Answer a wrong Accept with 406, not an auth status: clients take 401/403 as "log in again" and loop.',
    };
  }
  if (status >= 500)
    return {
      ...base,
      verdict: 'warn',
      summary: `wrong Accept answered with ${describeAnswer(answer)}`,
      remedy: 'The server crashes on an unexpected Accept: answer 406 instead.',
    };
  return {
    ...base,
    verdict: 'pass',
    summary: `rejected with ${describeAnswer(answer)} (406 is the usual answer)`,
  };
}

/**
 * How the server treats a session id it does not know, which is what every client holds after a
 * server restart. The spec says 404 and clients re-initialize on 404; on a 400 most give up (F1).
 */
export async function probeStaleSession(target: McpTarget): Promise<LayerResult> {
  if (!target.sessionId) {
    return {
      id: 'stale-session',
      verdict: 'skip',
      summary: 'the server issues no session id (stateless), so none can go stale',
      durationMs: 0,
    };
  }
  const bogus = { ...target, sessionId: `tether-doctor-stale-${randomUUID()}` };
  const answer = await attempt(() => postRequest(bogus, 'tools/list'));
  if (answer instanceof TransportError) {
    return {
      id: 'stale-session',
      verdict: 'warn',
      summary: `connection dropped (${answer.code})`,
      remedy: 'Answer unknown session ids with HTTP 404 so clients can start a new session.',
      durationMs: 0,
    };
  }
  const base = {
    id: 'stale-session' as const,
    durationMs: answer.durationMs,
    details: { status: answer.status, message: answer.message?.error?.message ?? null },
  };
  const status = answer.status;
  const said = describeAnswer(answer);
  if (status === 404)
    return { ...base, verdict: 'pass', summary: `${said}: the spec's answer; clients start a new session` };
  const reinitFix =
    'Answer unknown or expired session ids with HTTP 404 (MCP transports, Session Management): on a 404 clients re-initialize, on a 400 SDK clients keep the dead id and Claude Code gives up, so every server restart forces a client restart. Until the server is fixed, `tether proxy` in front of it re-initializes on this answer.';
  if (status === 400 || status === 410) {
    return {
      ...base,
      verdict: 'warn',
      summary: `${said} for an unknown session, not 404: clients will not recover after a server restart`,
      remedy: reinitFix,
    };
  }
  if (status === 401 || status === 403) {
    return {
      ...base,
      verdict: 'warn',
      summary: `${said} for an unknown session`,
      remedy: `An auth status sends clients into a login flow instead of a new session. ${reinitFix}`,
    };
  }
  if (status >= 200 && status < 300) {
    const sessionError = /session/i.test(answer.message?.error?.message ?? '');
    return {
      ...base,
      verdict: 'warn',
      summary: sessionError
        ? `${said}: a session error inside a 200`
        : `HTTP ${status}: accepted a session id it never issued`,
      remedy: sessionError
        ? reinitFix
        : 'The server does not validate session ids; state kept per session may be silently lost after a restart.',
    };
  }
  return { ...base, verdict: 'fail', summary: `${said} for an unknown session`, remedy: reinitFix };
}

async function attempt(run: () => Promise<HttpExchange>): Promise<HttpExchange | TransportError> {
  try {
    return await run();
  } catch (error) {
    return error instanceof TransportError ? error : new TransportError(String(error), 'ERROR');
  }
}

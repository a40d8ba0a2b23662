import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ACCESS_TOKEN_COOKIE, ACCESS_TOKEN_PARAM } from '../../shared/ws-frames.js';

// Who may talk to the headless dashboard: pure checks, unit-tested, applied to every request.
//
// The server binds loopback only, but that is not enough: any web page in the user's browser can
// reach 127.0.0.1 (and DNS rebinding can make a foreign name resolve there). So every request must
// carry the random token, name a loopback Host, and, when a browser says where it comes from, come
// from the dashboard's own origin.

/** Let in (and whether the token came in the query, to be moved to a cookie), or refused and why. */
export type AccessVerdict =
  { allowed: true; viaQuery: boolean } | { allowed: false; status: 401 | 403; reason: string };

/** A fresh random dashboard token (24 bytes, URL-safe). */
export function createAccessToken(): string {
  return randomBytes(24).toString('base64url');
}

/** The Host names of a loopback-only server; `tether serve --host` adds others (bind-plan.ts). */
export const LOOPBACK_NAMES: readonly string[] = ['127.0.0.1', 'localhost', '[::1]'];

/** True when the Host header names an accepted name (loopback by default) with the server's own port. */
export function isAllowedHost(
  host: string | undefined,
  port: number,
  names: readonly string[] = LOOPBACK_NAMES,
): boolean {
  if (!host) return false;
  return names.some((name) => host.toLowerCase() === `${name}:${port}`);
}

/** True when an Origin header is absent (non-browser clients) or is the dashboard's own origin. */
export function isAllowedOrigin(
  origin: string | undefined,
  port: number,
  names: readonly string[] = LOOPBACK_NAMES,
): boolean {
  if (origin === undefined) return true;
  return names.some((name) => origin.toLowerCase() === `http://${name}:${port}`);
}

/** Constant-time comparison so the token cannot be guessed byte by byte from response times. */
export function tokensMatch(provided: string | undefined, expected: string): boolean {
  if (provided === undefined) return false;
  const a = Buffer.from(provided);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Finds the token in the query string, an `Authorization: Bearer` header, or the session cookie. */
export function extractToken(request: Pick<IncomingMessage, 'url' | 'headers'>): {
  token: string | undefined;
  viaQuery: boolean;
} {
  const fromQuery = parseRequestUrl(request.url)?.searchParams.get(ACCESS_TOKEN_PARAM);
  if (fromQuery) return { token: fromQuery, viaQuery: true };
  const auth = request.headers.authorization;
  if (auth?.startsWith('Bearer ')) return { token: auth.slice('Bearer '.length), viaQuery: false };
  return { token: readCookie(request.headers.cookie, ACCESS_TOKEN_COOKIE), viaQuery: false };
}

/** The full verdict for one HTTP request or WebSocket upgrade. */
export function checkAccess(
  request: Pick<IncomingMessage, 'url' | 'headers'>,
  expectedToken: string,
  port: number,
  hostNames: readonly string[] = LOOPBACK_NAMES,
): AccessVerdict {
  const placeRefusal = checkPlace(request, port, hostNames);
  if (placeRefusal) return placeRefusal;
  const { token, viaQuery } = extractToken(request);
  if (!tokensMatch(token, expectedToken)) {
    return { allowed: false, status: 401, reason: token ? 'wrong access token' : 'missing access token' };
  }
  return { allowed: true, viaQuery };
}

/** The Host and Origin half of the verdict (also applied before a one-time code is redeemed). */
export function checkPlace(
  request: Pick<IncomingMessage, 'headers'>,
  port: number,
  hostNames: readonly string[] = LOOPBACK_NAMES,
): { allowed: false; status: 403; reason: string } | undefined {
  if (!isAllowedHost(request.headers.host, port, hostNames)) {
    return { allowed: false, status: 403, reason: 'foreign Host header' };
  }
  const origin = request.headers.origin;
  if (!isAllowedOrigin(typeof origin === 'string' ? origin : undefined, port, hostNames)) {
    return { allowed: false, status: 403, reason: 'foreign Origin' };
  }
  return undefined;
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(rest.join('='));
    } catch {
      return undefined; // a malformed escape is no token, and never an exception
    }
  }
  return undefined;
}

/**
 * The request target as a URL, or undefined when it cannot be one (`//a:99999`, `//[`): a raw
 * request line is attacker-controlled, and `new URL` throws on such targets.
 */
export function parseRequestUrl(target: string | undefined): URL | undefined {
  try {
    return new URL(target ?? '/', 'http://placeholder');
  } catch {
    return undefined;
  }
}

import { describe, expect, it } from 'vitest';
import {
  checkAccess,
  createAccessToken,
  extractToken,
  isAllowedHost,
  isAllowedOrigin,
  tokensMatch,
} from '../../../electron/server/access-guard.js';

const PORT = 4321;
const TOKEN = 'expected-token-value';

function request(url: string, headers: Record<string, string>) {
  return { url, headers };
}

describe('access guard', () => {
  it('creates long random tokens', () => {
    const a = createAccessToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(createAccessToken()).not.toBe(a);
  });

  it('accepts only loopback hosts with the right port', () => {
    expect(isAllowedHost(`127.0.0.1:${PORT}`, PORT)).toBe(true);
    expect(isAllowedHost(`localhost:${PORT}`, PORT)).toBe(true);
    expect(isAllowedHost(`[::1]:${PORT}`, PORT)).toBe(true);
    expect(isAllowedHost(`evil.example:${PORT}`, PORT)).toBe(false);
    expect(isAllowedHost(`127.0.0.1:${PORT + 1}`, PORT)).toBe(false);
    expect(isAllowedHost('127.0.0.1', PORT)).toBe(false);
    expect(isAllowedHost(undefined, PORT)).toBe(false);
  });

  it('accepts a missing Origin or the own origin only', () => {
    expect(isAllowedOrigin(undefined, PORT)).toBe(true);
    expect(isAllowedOrigin(`http://127.0.0.1:${PORT}`, PORT)).toBe(true);
    expect(isAllowedOrigin(`https://evil.example`, PORT)).toBe(false);
    expect(isAllowedOrigin(`http://127.0.0.1:${PORT}.evil.example`, PORT)).toBe(false);
    expect(isAllowedOrigin('null', PORT)).toBe(false);
  });

  it('compares tokens exactly', () => {
    expect(tokensMatch(TOKEN, TOKEN)).toBe(true);
    expect(tokensMatch(`${TOKEN}x`, TOKEN)).toBe(false);
    expect(tokensMatch('', TOKEN)).toBe(false);
    expect(tokensMatch(undefined, TOKEN)).toBe(false);
  });

  it('finds the token in the query, a bearer header or the cookie', () => {
    expect(extractToken(request(`/?token=${TOKEN}`, {}))).toEqual({ token: TOKEN, viaQuery: true });
    expect(extractToken(request('/', { authorization: `Bearer ${TOKEN}` }))).toEqual({
      token: TOKEN,
      viaQuery: false,
    });
    expect(extractToken(request('/', { cookie: `a=1; tether_token=${TOKEN}` }))).toEqual({
      token: TOKEN,
      viaQuery: false,
    });
    expect(extractToken(request('/', {}))).toEqual({ token: undefined, viaQuery: false });
  });

  it('gives a verdict with the reason of the refusal', () => {
    const host = `127.0.0.1:${PORT}`;
    expect(checkAccess(request(`/?token=${TOKEN}`, { host }), TOKEN, PORT)).toEqual({
      allowed: true,
      viaQuery: true,
    });
    expect(checkAccess(request('/', { host }), TOKEN, PORT)).toMatchObject({ allowed: false, status: 401 });
    expect(checkAccess(request('/?token=nope', { host }), TOKEN, PORT)).toMatchObject({
      allowed: false,
      status: 401,
      reason: 'wrong access token',
    });
    expect(checkAccess(request(`/?token=${TOKEN}`, { host: 'rebind.example' }), TOKEN, PORT)).toMatchObject({
      allowed: false,
      status: 403,
      reason: 'foreign Host header',
    });
    expect(
      checkAccess(request(`/?token=${TOKEN}`, { host, origin: 'https://evil.example' }), TOKEN, PORT),
    ).toMatchObject({ allowed: false, status: 403, reason: 'foreign Origin' });
  });
});

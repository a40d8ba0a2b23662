import { evidenceOf, eventsMatching, type Rule } from './finding.js';

const STALE_SESSION =
  /No valid session ID|Session not found|Server not initialized|unknown session|session expired/i;
const STALE_400 = /No valid session ID|Server not initialized/i;

/** A server restarted and the client kept its old `Mcp-Session-Id`. */
export const staleSessionRule: Rule = (timeline, context) => {
  // The proxy's own journal: what it recovered is the proxy-recovered finding, not a problem.
  if (timeline.server.client === 'tether') return undefined;
  const events = timeline.events.filter(
    (event) =>
      event.kind === 'session_expired' || (event.kind !== 'info' && STALE_SESSION.test(event.message)),
  );
  if (events.length === 0) return undefined;
  const nonCompliant = events.some((event) => STALE_400.test(event.message));
  if (context.wrapped)
    return {
      rule: 'stale-session',
      severity: 'info',
      title: 'Stale sessions after server restarts (logged by the client before the server was wrapped)',
      explanation:
        "The server no longer recognised the session id the client held. The client now talks to Tether's proxy, which re-initialises such a session itself and replays the call.",
      evidence: evidenceOf(events),
      remedy: nonCompliant
        ? 'Nothing to do in the client. The server still answers 400 instead of 404 for an unknown session, which other clients do not recover from: make it answer 404 (JSON-RPC -32001).'
        : 'Nothing to do in the client.',
    };
  return {
    rule: 'stale-session',
    severity: 'warning',
    title: nonCompliant
      ? 'Stale session after a server restart, answered with 400 instead of 404'
      : 'Stale session after a server restart',
    explanation:
      'The server no longer recognised the session id the client held (it restarted or was redeployed). ' +
      (nonCompliant
        ? 'It answered 400 "No valid session ID" rather than the spec\'s 404, which many clients do not treat as "start a new session", so calls keep failing until the client restarts.'
        : 'The client re-initialised; calls in flight at that moment failed or were retried.'),
    evidence: evidenceOf(events),
    remedy: nonCompliant
      ? 'Make the server answer 404 (JSON-RPC -32001) for unknown sessions, or `tether wrap NAME` so a proxy re-initialises the session and replays the call.'
      : '`tether wrap NAME` so a proxy re-initialises the session and replays the call, or reconnect the client after server deploys (`/mcp` → Reconnect in Claude Code).',
  };
};

/** The server rejects the client's Accept / Content-Type (406/415). */
export const acceptRule: Rule = (timeline) => {
  const events = timeline.events.filter(
    (event) =>
      ((event.kind === 'error' || event.kind === 'connect_failed') &&
        (event.httpStatus === 406 || event.httpStatus === 415)) ||
      /\b406\b|Not Acceptable|must accept both/i.test(event.message),
  );
  if (events.length === 0) return undefined;
  return {
    rule: 'accept-406',
    severity: 'error',
    title: 'The server rejects the request headers (406 Not Acceptable / 415)',
    explanation:
      'Streamable HTTP requires `Accept: application/json, text/event-stream` on every POST; a server (or a proxy rewriting headers) answering 406 rejects what the client sends.',
    evidence: evidenceOf(events),
    remedy:
      'Check that no proxy strips or rewrites `Accept`/`Content-Type`; if the server only speaks the old HTTP+SSE transport, configure the client with `type: "sse"`. `tether doctor URL` tests both headers.',
  };
};

/** Authentication required or the token expired. */
export const authRule: Rule = (timeline, context) => {
  const events = timeline.events.filter(
    (event) =>
      event.kind === 'auth_required' ||
      ((event.kind === 'error' || event.kind === 'connect_failed') && event.httpStatus === 401),
  );
  if (events.length === 0) return undefined;
  const expired = events.some((event) => /expired|refresh/i.test(event.message));
  return {
    rule: 'auth',
    severity: 'error',
    title: expired ? 'The access token expired and was not refreshed' : 'The server requires authentication',
    explanation: expired
      ? 'The server answered 401 to a token the client believed valid; the refresh failed or there was no refresh token.'
      : 'The server answered 401 or advertised OAuth; the client marked it "needs auth". Claude Code then skips it for 15 minutes (mcp-needs-auth-cache.json).',
    evidence: evidenceOf(events),
    remedy: context.wrapped
      ? 'Sign in with `tether auth NAME` (the proxy holds the tokens of a wrapped server and refreshes them); if it keeps expiring, check the token lifetime and that a refresh token is issued.'
      : "Re-authenticate from the client (`/mcp` → Authenticate in Claude Code); if it keeps expiring, check the token lifetime and that a refresh token is issued. Remove the server's entry from `~/.claude/mcp-needs-auth-cache.json` to retry at once.",
  };
};

/** 429 / rate limiting. */
export const rateLimitRule: Rule = (timeline, context) => {
  const events = timeline.events.filter(
    (event) =>
      ((event.kind === 'error' || event.kind === 'connect_failed') && event.httpStatus === 429) ||
      /\b429\b|Too Many Requests|rate.?limit/i.test(event.message),
  );
  if (events.length === 0) return undefined;
  return {
    rule: 'rate-limit',
    severity: 'warning',
    title: 'The server is rate-limiting the client (429)',
    explanation:
      'Requests were refused with 429 Too Many Requests; clients do not honour Retry-After, so calls fail instead of waiting.',
    evidence: evidenceOf(events),
    remedy: context.wrapped
      ? 'Reduce call volume or ask for a higher quota. The proxy waits out a Retry-After that fits its budget (`--budget`) and otherwise answers `rate_limited` with the wait.'
      : 'Reduce call volume or ask for a higher quota; `tether wrap NAME` puts a proxy in front that waits out a Retry-After within its budget.',
  };
};

const DNS = /ENOTFOUND|EAI_AGAIN|getaddrinfo|DNS|ENETUNREACH|EHOSTUNREACH|EADDRNOTAVAIL/;
const IPV6 = /\[?[0-9a-f]{0,4}::[0-9a-f:]*\]?(?::\d+)?|ENETUNREACH|EADDRNOTAVAIL/i;

/** Name resolution or IPv6 routing failures. */
export const dnsRule: Rule = (timeline) => {
  const events = eventsMatching(timeline, DNS).filter((event) => event.kind !== 'server_stderr');
  if (events.length === 0) return undefined;
  const ipv6 = events.some(
    (event) =>
      IPV6.test(event.message) && /ENETUNREACH|EHOSTUNREACH|EADDRNOTAVAIL|ETIMEDOUT/.test(event.message),
  );
  return {
    rule: 'dns-ipv6',
    severity: 'error',
    title: ipv6
      ? 'IPv6 route failure: the host resolves to an unreachable IPv6 address'
      : 'The server host name does not resolve',
    explanation: ipv6
      ? 'The client tried an IPv6 address first (AAAA record) and the network has no IPv6 route; with no fallback to IPv4 the connect fails.'
      : 'DNS lookup of the server host failed (ENOTFOUND/EAI_AGAIN): a typo, a VPN-only name, or DNS down after sleep/wake.',
    evidence: evidenceOf(events),
    remedy: ipv6
      ? 'Prefer IPv4 (`NODE_OPTIONS=--dns-result-order=ipv4first`), fix IPv6 routing, or remove the AAAA record; `tether doctor URL` checks both families.'
      : 'Check the URL, the VPN and `nslookup <host>`; `tether doctor URL` runs the DNS step on its own.',
  };
};

/**
 * Names the usual intermediary for a measured stream-cut age (proxy-spec §3 F2, F4; §7).
 *
 * Matching is by tolerance around the documented defaults, since timers fire a little late.
 */
const KNOWN_CUTS: Array<{ seconds: number; cause: string }> = [
  { seconds: 29, cause: 'an API gateway integration timeout (AWS API Gateway: 29 s)' },
  {
    seconds: 60,
    cause: 'nginx / ingress-nginx proxy_read_timeout default (60 s) or an AWS ALB idle timeout (60 s)',
  },
  { seconds: 100, cause: 'Cloudflare Proxy Read Timeout (100 s)' },
  { seconds: 300, cause: 'Node/undici bodyTimeout or Node server.requestTimeout (300 s)' },
  { seconds: 600, cause: 'ingress-nginx proxy-read-timeout raised to 600 s' },
  { seconds: 3600, cause: 'a proxy read timeout raised to 3600 s' },
];

/** The usual cause for a cut at `seconds`, or null when no documented default is close. */
export function likelyCutCause(seconds: number): string | null {
  const match = KNOWN_CUTS.find(
    (known) => Math.abs(seconds - known.seconds) <= Math.max(2, known.seconds * 0.05),
  );
  return match?.cause ?? null;
}

/** What to change for a cut at `seconds`; mentions keep-alives only when they would help. */
export function idleCutRemedy(
  seconds: number,
  keepAliveEverySeconds: number | null,
  silentBeforeCut: number,
): string {
  const rounded = Math.round(seconds);
  const cause = likelyCutCause(seconds);
  const where = cause
    ? `This matches ${cause}.`
    : `Something in the path closes the stream after about ${rounded} s.`;
  const flowing = keepAliveEverySeconds !== null && silentBeforeCut + 1 < seconds;
  const fix = flowing
    ? 'Bytes were still flowing before the cut, so this is a maximum stream duration, not an idle timeout: raise that limit for the MCP route.'
    : `Raise the idle/read timeout for the MCP route (nginx: proxy_read_timeout 3600s; proxy_buffering off), or have the server send SSE keep-alive comments more often than every ${rounded} s.`;
  return `${where} ${fix} Clients that give up after a few reconnects lose notifications; tether proxy reconnects transparently.`;
}

import { evidenceOf, type Rule } from './finding.js';

/** Cuts shorter than this are reconnect failures, not idle timeouts. */
const MIN_AGE_S = 2;

/** The usual layer behind each well-known idle cut. */
const KNOWN_LAYERS: Array<{ seconds: number; layer: string; fix: string }> = [
  {
    seconds: 60,
    layer: 'nginx `proxy_read_timeout` default (60 s) or an AWS ALB idle timeout (60 s)',
    fix: 'raise `proxy_read_timeout` / `nginx.ingress.kubernetes.io/proxy-read-timeout` or the ALB idle timeout (e.g. 3600 s), or have the server send SSE keep-alives more often than every 60 s',
  },
  {
    seconds: 100,
    layer: 'Cloudflare Proxy Read Timeout (100 s, answered with a 524)',
    fix: 'send SSE keep-alive comments more often than every 100 s, or bypass the Cloudflare proxy for the MCP endpoint',
  },
  {
    seconds: 300,
    layer: 'Node/undici `bodyTimeout` or a server `requestTimeout` (300 s)',
    fix: "set the server's `requestTimeout`/`bodyTimeout` to 0 for the MCP route, or send keep-alives",
  },
  {
    seconds: 600,
    layer: 'an ingress-nginx `proxy-read-timeout` raised to 600 s',
    fix: 'raise the ingress `proxy-read-timeout` further (3600) or send SSE keep-alives',
  },
  {
    seconds: 3600,
    layer: 'a one-hour proxy or load-balancer limit',
    fix: 'send SSE keep-alives, or wrap the server with `tether wrap` so cuts are hidden',
  },
];

/**
 * Repeated cuts at the same age: the fingerprint of an idle timeout in some layer of the path.
 *
 * Ages (seconds from a (re)connect or previous cut to an unclean cut) are clustered with a tolerance
 * of max(1 s, 10 %); two or more in one cluster fire the rule.
 */
export const idleCutRule: Rule = (timeline) => {
  const cluster = biggestCluster(timeline.disconnectAgesS.filter((age) => age >= MIN_AGE_S));
  if (cluster.length < 2) return undefined;
  const measured = median(cluster);
  const known = KNOWN_LAYERS.find(
    (entry) => Math.abs(entry.seconds - measured) <= Math.max(2, entry.seconds * 0.05),
  );
  const value = Math.round(measured);
  return {
    rule: 'idle-cut',
    severity: 'error',
    title: `The stream is cut every ~${value} s: ${known ? known.layer : 'an idle timeout somewhere in the path'}`,
    explanation:
      `${cluster.length} of ${timeline.disconnectAgesS.length} cuts happened ${value} s (±${Math.max(1, Math.round(value * 0.1))} s) after the stream was (re)opened. ` +
      'A fixed age means something between client and server closes idle connections; the server itself usually logs nothing.',
    evidence: evidenceOf(timeline.events.filter((event) => event.kind === 'disconnected' && !event.clean)),
    remedy: known
      ? `Fix: ${known.fix}.`
      : `Find the layer with a ${value} s idle/read timeout (reverse proxy, load balancer, VPN) and raise it, or send SSE keep-alives more often; \`tether doctor URL --hold ${value + 30}\` measures the cut.`,
  };
};

function biggestCluster(ages: readonly number[]): number[] {
  let best: number[] = [];
  for (const center of ages) {
    const tolerance = Math.max(1, center * 0.1);
    const members = ages.filter((age) => Math.abs(age - center) <= tolerance);
    if (members.length > best.length) best = members;
  }
  return best;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Exposed for the doctor: names the usual layer for a measured idle cut, if it is a known value. */
export function knownIdleLayer(seconds: number): string | undefined {
  return KNOWN_LAYERS.find((entry) => Math.abs(entry.seconds - seconds) <= Math.max(2, entry.seconds * 0.05))
    ?.layer;
}

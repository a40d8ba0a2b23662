import type { StreamCut } from '../../../shared/timeline-model.js';
import { MAX_EVIDENCE, type Evidence, type Rule } from './finding.js';

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
    fix: 'send SSE keep-alives',
  },
];

/**
 * Repeated cuts at the same age: the fingerprint of an idle timeout in some layer of the path.
 *
 * Ages (seconds from the stream's (re)open to its cut) are clustered with a tolerance of
 * max(1 s, 10 %); two or more in one cluster fire the rule. The value reported is taken from the cuts
 * measured from a re-open when there are any: those are the idle time itself, while a connection's
 * first stream also held the handshake. The evidence is the cuts of the cluster, not other drops.
 */
export const idleCutRule: Rule = (timeline, context) => {
  const cuts = (timeline.cuts ?? timeline.disconnectAgesS.map((ageS) => ({ ageS }) as StreamCut)).filter(
    (cut) => cut.ageS >= MIN_AGE_S,
  );
  const cluster = biggestCluster(cuts);
  if (cluster.length < 2) return undefined;
  const reopened = cluster.filter((cut) => cut.from === 'reopen');
  const measured = median((reopened.length ? reopened : cluster).map((cut) => cut.ageS));
  const known = KNOWN_LAYERS.find(
    (entry) => Math.abs(entry.seconds - measured) <= Math.max(2, entry.seconds * 0.05),
  );
  const value = Math.round(measured);
  const hidden = context.wrapped
    ? ' The proxy re-opens the stream after each cut, so calls keep working; the cuts go on until the layer is fixed.'
    : '';
  return {
    rule: 'idle-cut',
    severity: context.wrapped ? 'warning' : 'error',
    title: `The stream is cut every ~${value} s: ${known ? known.layer : 'an idle timeout somewhere in the path'}`,
    explanation:
      `${cluster.length} of ${cuts.length} cuts came ${value} s (±${Math.max(1, Math.round(value * 0.1))} s) after the stream was (re)opened. ` +
      'A fixed age means something between client and server closes idle connections; the server itself usually logs nothing.' +
      hidden,
    evidence: cutEvidence(cluster),
    remedy: known
      ? `Fix: ${known.fix}.`
      : `Find the layer with a ${value} s idle/read timeout (reverse proxy, load balancer, VPN) and raise it, or send SSE keep-alives more often; \`tether doctor URL --hold ${value + 30}\` measures the cut.`,
  };
};

function cutEvidence(cuts: readonly StreamCut[]): Evidence[] {
  return cuts
    .filter((cut) => cut.file !== undefined)
    .slice(-MAX_EVIDENCE)
    .map((cut) => ({
      time: cut.time,
      message: `${cut.message} (${cut.ageS} s after the stream opened)`,
      file: cut.file,
      line: cut.line,
    }));
}

function biggestCluster(cuts: readonly StreamCut[]): StreamCut[] {
  let best: StreamCut[] = [];
  for (const center of cuts) {
    const tolerance = Math.max(1, center.ageS * 0.1);
    const members = cuts.filter((cut) => Math.abs(cut.ageS - center.ageS) <= tolerance);
    if (members.length > best.length) best = members;
  }
  return best;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

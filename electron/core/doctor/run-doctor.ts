import { TETHER_VERSION } from '../../../shared/version.js';
import { redactDeep, redactUrl } from '../redact.js';
import { probeAuth } from './auth-probe.js';
import { probeStaleSession, probeWrongAccept } from './conformance-probes.js';
import { displayHeaders } from './doctor-headers.js';
import type {
  DoctorOptions,
  DoctorProgress,
  DoctorReport,
  IdleCut,
  LayerId,
  LayerResult,
  Verdict,
} from './doctor-types.js';
import { exchange } from './http-exchange.js';
import { probeIdleHold } from './hold-probe.js';
import { partitionUserHeaders, sessionHeaders, type McpTarget } from './mcp-request.js';
import { probeDns, probeTcp, probeTls } from './network-probes.js';
import { judgeProtocolVersion, probeInitialize, probeToolsList } from './session-probes.js';

const DEFAULT_TIMEOUT_MS = 10_000;

/** The layers in report order; used to fill `skip` entries when an earlier layer stops the run. */
const ORDER: LayerId[] = [
  'dns',
  'tcp',
  'tls',
  'initialize',
  'protocol-version',
  'tools-list',
  'wrong-accept',
  'stale-session',
  'auth',
  'idle-hold',
];

/**
 * Probes a remote MCP server layer by layer, from DNS to a held GET stream, and returns one verdict
 * per layer. A failed layer stops the layers that depend on it (they are reported as `skip`), since
 * their failures would only repeat the first one.
 */
export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const now = options.now ?? Date.now;
  const startedAt = new Date(now()).toISOString();
  const url = new URL(options.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`doctor probes http(s) URLs, not ${url.protocol}`);
  const scheme = url.protocol === 'https:' ? 'https' : 'http';
  const port = Number(url.port || (scheme === 'https' ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const progress = options.onProgress ?? (() => undefined);
  const userHeaders = options.headers ?? [];
  const { sent, ignored } = partitionUserHeaders(
    Object.fromEntries(userHeaders.map((h) => [h.name, h.value])),
  );
  const layers: LayerResult[] = [];
  let idleCut: IdleCut | null = null;
  let protocolVersion: string | null = null;
  const step = async <T extends { layer: LayerResult } | LayerResult>(
    id: LayerId,
    run: () => Promise<T>,
  ): Promise<T> => {
    progress({ kind: 'layer', layer: id } satisfies DoctorProgress);
    const outcome = await run();
    layers.push('layer' in outcome ? outcome.layer : outcome);
    return outcome;
  };

  await (async () => {
    const dns = await step('dns', () => probeDns(host));
    if (dns.layer.verdict === 'fail') return;
    const tcp = await step('tcp', () => probeTcp(dns.resolved, port, timeoutMs));
    if (tcp.verdict === 'fail') return;
    const tls = await step('tls', async () =>
      scheme === 'https'
        ? probeTls(host, port, timeoutMs)
        : ({ id: 'tls', verdict: 'skip', summary: 'plain HTTP', durationMs: 0 } satisfies LayerResult),
    );
    if (tls.verdict === 'fail') return;
    const target: McpTarget = { url, headers: sent, timeoutMs };
    const init = await step('initialize', () => probeInitialize(target));
    if (ignored.length > 0) init.layer.details = { ...init.layer.details, ignoredHeaders: ignored };
    if (init.layer.verdict === 'pass') {
      protocolVersion = init.protocolVersion ?? null;
      const session: McpTarget = {
        ...target,
        sessionId: init.sessionId,
        protocolVersion: init.protocolVersion,
      };
      await step('protocol-version', async () => judgeProtocolVersion(init.protocolVersion));
      await step('tools-list', () => probeToolsList(session));
      await step('wrong-accept', () => probeWrongAccept(session));
      await step('stale-session', () => probeStaleSession(session));
      await step('auth', () => probeAuth(url, init.answer, hasAuthHeader(sent), timeoutMs));
      const hold = await step('idle-hold', () => probeIdleHold(session, options.holdSeconds ?? 0, progress));
      idleCut = hold.idleCut;
      await endSession(session);
    } else {
      await step('auth', () => probeAuth(url, init.answer, hasAuthHeader(sent), timeoutMs));
    }
  })();

  const report: DoctorReport = {
    schema: 'tether.doctor/1',
    tetherVersion: TETHER_VERSION,
    url: redactUrl(options.url),
    host,
    port,
    scheme,
    startedAt,
    finishedAt: new Date(now()).toISOString(),
    headers: displayHeaders(userHeaders),
    verdict: worst(layers.map((layer) => layer.verdict)),
    layers: withSkips(layers),
    protocolVersion,
    idleCut,
  };
  // Everything a server said passes one redaction pass: bodies and metadata may echo tokens.
  return redactDeep(report) as DoctorReport;
}

function hasAuthHeader(headers: Record<string, string>): boolean {
  return Object.keys(headers).some((name) => name.toLowerCase() === 'authorization');
}

/** Polite cleanup (MCP transports spec, "Session Management" item 5); 405 and errors are fine. */
async function endSession(target: McpTarget): Promise<void> {
  if (!target.sessionId) return;
  await exchange({
    url: target.url,
    method: 'DELETE',
    headers: { ...target.headers, ...sessionHeaders(target) },
    timeoutMs: 2000,
  }).catch(() => undefined);
}

function withSkips(layers: LayerResult[]): LayerResult[] {
  const seen = new Set(layers.map((layer) => layer.id));
  const stopped = ORDER.filter((id) => !seen.has(id)).map((id): LayerResult => ({
    id,
    verdict: 'skip',
    summary: 'not probed: an earlier layer failed',
    durationMs: 0,
  }));
  return [...layers, ...stopped].sort((a, b) => ORDER.indexOf(a.id) - ORDER.indexOf(b.id));
}

function worst(verdicts: Verdict[]): Exclude<Verdict, 'skip'> {
  if (verdicts.includes('fail')) return 'fail';
  return verdicts.includes('warn') ? 'warn' : 'pass';
}

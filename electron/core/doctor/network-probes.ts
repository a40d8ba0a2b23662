import { lookup } from 'node:dns/promises';
import net from 'node:net';
import tls from 'node:tls';
import type { LayerResult } from './doctor-types.js';

/** Addresses per family, as the OS resolver (getaddrinfo, like Node clients) returns them. */
export type Resolved = { v4: string[]; v6: string[] };

/** DNS: A and AAAA through the system resolver; an IP literal skips resolution. */
export async function probeDns(host: string): Promise<{ layer: LayerResult; resolved: Resolved }> {
  const started = performance.now();
  const literal = net.isIP(host);
  if (literal !== 0) {
    const resolved = literal === 4 ? { v4: [host], v6: [] } : { v4: [], v6: [host] };
    const layer = {
      id: 'dns',
      verdict: 'skip',
      summary: `${host} is an IP address`,
      durationMs: 0,
      details: resolved,
    } as const;
    return { layer, resolved };
  }
  const [v4, v6] = await Promise.all([family(host, 4), family(host, 6)]);
  const resolved = { v4: v4.addresses, v6: v6.addresses };
  const durationMs = performance.now() - started;
  const details = { ...resolved, errors: { v4: v4.error, v6: v6.error } };
  if (resolved.v4.length === 0 && resolved.v6.length === 0) {
    const code = v4.error ?? v6.error ?? 'ENOTFOUND';
    return {
      resolved,
      layer: {
        id: 'dns',
        verdict: 'fail',
        summary: `${host} does not resolve (${code})`,
        remedy:
          code === 'EAI_AGAIN'
            ? 'The resolver did not answer: check the network, VPN or DNS server, then retry.'
            : 'Check the host name for typos; if it is an internal name, connect the VPN or add it to your DNS.',
        durationMs,
        details,
      },
    };
  }
  const families = [
    resolved.v4.length > 0 ? `A ${resolved.v4.join(', ')}` : 'no A',
    resolved.v6.length > 0 ? `AAAA ${resolved.v6.join(', ')}` : 'no AAAA',
  ];
  return {
    resolved,
    layer: { id: 'dns', verdict: 'pass', summary: families.join('; '), durationMs, details },
  };
}

async function family(
  host: string,
  which: 4 | 6,
): Promise<{ addresses: string[]; error: string | undefined }> {
  try {
    const found = await lookup(host, { all: true, family: which });
    return { addresses: [...new Set(found.map((entry) => entry.address))], error: undefined };
  } catch (error) {
    return { addresses: [], error: (error as NodeJS.ErrnoException).code ?? 'ERROR' };
  }
}

/**
 * TCP: connects to the first address of each family. IPv6 that resolves but does not connect is the
 * classic "works in curl, fails in Node" case (F7), so each family gets its own attempt.
 */
export async function probeTcp(resolved: Resolved, port: number, timeoutMs: number): Promise<LayerResult> {
  const started = performance.now();
  const targets = [resolved.v4[0], resolved.v6[0]].filter(
    (address): address is string => address !== undefined,
  );
  const attempts = await Promise.all(targets.map((address) => connectOnce(address, port, timeoutMs)));
  const ok = attempts.filter((attempt) => attempt.error === undefined);
  const details = { attempts };
  const describe = (a: (typeof attempts)[number]): string =>
    `${net.isIPv6(a.address) ? 'IPv6' : 'IPv4'} ${a.address} ${a.error ?? `${Math.round(a.ms)} ms`}`;
  const durationMs = performance.now() - started;
  const summary = attempts.map(describe).join('; ');
  if (ok.length === 0) {
    const code = attempts[0]?.error ?? 'ECONNREFUSED';
    return {
      id: 'tcp',
      verdict: 'fail',
      summary,
      remedy:
        code === 'ECONNREFUSED'
          ? `Nothing listens on port ${port}: start the server, or check the port in the URL.`
          : 'The connection does not complete: a firewall, security group or VPN is dropping it, or the host is down.',
      durationMs,
      details,
    };
  }
  if (ok.length < attempts.length) {
    return {
      id: 'tcp',
      verdict: 'warn',
      summary,
      remedy:
        'One address family does not connect. Node clients try both (happy eyeballs) but with short per-attempt timeouts some give up; fix IPv6 routing or remove the AAAA record.',
      durationMs,
      details,
    };
  }
  return { id: 'tcp', verdict: 'pass', summary, durationMs, details };
}

function connectOnce(
  address: string,
  port: number,
  timeoutMs: number,
): Promise<{ address: string; ms: number; error: string | undefined }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = net.connect({ host: address, port });
    const done = (error: string | undefined): void => {
      socket.destroy();
      resolve({ address, ms: performance.now() - started, error });
    };
    socket.setTimeout(timeoutMs, () => done('ETIMEDOUT'));
    socket.once('connect', () => done(undefined));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? 'ERROR'));
  });
}

const CERT_WARN_DAYS = 14;

/** TLS: handshake with SNI and ALPN; reports protocol, certificate validity and why it is refused. */
export async function probeTls(host: string, port: number, timeoutMs: number): Promise<LayerResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const servername = net.isIP(host) === 0 ? host : undefined;
    const socket = tls.connect({
      host,
      port,
      servername,
      ALPNProtocols: ['http/1.1'],
      rejectUnauthorized: false,
    });
    const done = (layer: Omit<LayerResult, 'id' | 'durationMs'>): void => {
      socket.destroy();
      resolve({ id: 'tls', durationMs: performance.now() - started, ...layer });
    };
    socket.setTimeout(timeoutMs, () =>
      done({
        verdict: 'fail',
        summary: 'TLS handshake timed out',
        remedy:
          'Something accepts TCP but does not speak TLS on this port: check the scheme (http vs https) and port.',
      }),
    );
    socket.once('error', (error: NodeJS.ErrnoException) =>
      done({
        verdict: 'fail',
        summary: `TLS handshake failed (${error.code ?? error.message})`,
        remedy: 'Check the scheme and port: a plain-HTTP port answers https with a protocol error.',
      }),
    );
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      const validTo = cert.valid_to ? new Date(cert.valid_to) : undefined;
      const daysLeft = validTo ? Math.floor((validTo.getTime() - Date.now()) / 86_400_000) : null;
      const details = {
        protocol: socket.getProtocol(),
        subject: String(cert.subject?.CN ?? '?'),
        issuer: String(cert.issuer?.O ?? cert.issuer?.CN ?? '?'),
        validTo: validTo?.toISOString(),
        daysLeft,
      };
      const summary = `${socket.getProtocol() ?? 'TLS'}, certificate ${details.subject} by ${details.issuer}, ${daysLeft ?? '?'} days left`;
      const refusal = socket.authorizationError ? String(socket.authorizationError) : undefined;
      if (refusal) {
        done({
          verdict: 'fail',
          summary: `${summary}; not trusted: ${refusal}`,
          remedy: tlsRemedy(refusal),
          details: { ...details, refusal },
        });
      } else if (daysLeft !== null && daysLeft < CERT_WARN_DAYS) {
        done({
          verdict: 'warn',
          summary,
          remedy: 'The certificate expires soon: renew it (or check the ACME/cert-manager job).',
          details,
        });
      } else {
        done({ verdict: 'pass', summary, details });
      }
    });
  });
}

function tlsRemedy(code: string): string {
  if (/SELF_SIGNED|UNABLE_TO_GET_ISSUER|UNABLE_TO_VERIFY/.test(code)) {
    return 'The certificate chain is not trusted by Node: serve the full chain, or for a private CA set NODE_EXTRA_CA_CERTS=/path/ca.pem for the client.';
  }
  if (/EXPIRED/.test(code)) return 'The certificate has expired: renew it.';
  if (/ALTNAME|HOSTNAME/i.test(code))
    return 'The certificate is for another name: use the host name it was issued for, or reissue it.';
  return 'Fix the server certificate; Node clients refuse it.';
}

import { isIP } from 'node:net';
import type { NetworkInterfaceInfo } from 'node:os';
import { LOOPBACK_NAMES } from './access-guard.js';

/**
 * Where `tether serve` listens and which `Host` names it then accepts (pure; unit-tested).
 *
 * The Host check defeats DNS rebinding: a page in a browser that made `evil.example` resolve to the
 * service must not be answered. On loopback only loopback names are accepted. Bound to another
 * address (`--host`, for containers), the service is reached by that address, by the machine's name,
 * or by a DNS name only the operator knows (a compose service, a Kubernetes Service): the accepted
 * names become the bound address (for `0.0.0.0` / `::`, every local interface address), the machine's
 * host name, and each `--allow-host`. The token stays required on every request either way; the Host
 * check remains what stops a rebinding page, so any other name is refused.
 */
export type BindPlan = {
  /** The address passed to `listen`. */
  address: string;
  /** True when only this machine can connect. */
  loopbackOnly: boolean;
  /** `Host` names (no port) accepted; IPv6 addresses in brackets, as they appear in a Host header. */
  hostNames: string[];
  /** The host part of the URL to print (an address that reaches the service from this machine). */
  urlHost: string;
};

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);

export function planBind(options: {
  host?: string;
  allowHosts?: readonly string[];
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>;
  machineName: string;
}): BindPlan {
  const host = (options.host ?? '127.0.0.1').trim();
  const address = host.replace(/^\[(.*)\]$/, '$1');
  if (address === 'localhost' || isLoopbackAddress(address))
    return {
      address,
      loopbackOnly: true,
      hostNames: [...LOOPBACK_NAMES, ...extra(options.allowHosts)],
      urlHost: hostForUrl(address === 'localhost' ? '127.0.0.1' : address),
    };
  if (isIP(address) === 0)
    throw new Error(`--host expects an IP address to bind (e.g. 0.0.0.0, ::, 10.0.0.5), not "${host}"`);
  const wildcard = WILDCARDS.has(address);
  const addresses = wildcard
    ? Object.values(options.interfaces)
        .flatMap((list) => list ?? [])
        .filter((info) => address === '::' || info.family === 'IPv4')
        .map((info) => info.address)
    : [address];
  const names = new Set<string>([
    ...(wildcard ? LOOPBACK_NAMES : []),
    ...addresses.map((candidate) => hostForUrl(candidate.toLowerCase().replace(/%.*$/, ''))),
    options.machineName.toLowerCase(),
    ...extra(options.allowHosts),
  ]);
  return {
    address,
    loopbackOnly: false,
    hostNames: [...names].filter(Boolean),
    urlHost: wildcard ? '127.0.0.1' : hostForUrl(address),
  };
}

/** What a non-loopback bind exposes, in a few lines for stderr (no secret in them). */
export function describeExposure(plan: BindPlan, port: number, tokenSource: string): string[] {
  if (plan.loopbackOnly) return [`listening on ${hostForUrl(plan.address)}:${port} (this machine only)`];
  const where = WILDCARDS.has(plan.address) ? 'every interface' : 'this address';
  return [
    `listening on ${hostForUrl(plan.address)}:${port} (${where}): the dashboard, its API (/api/ws) and /metrics`,
    `every request needs the access token (${tokenSource}), e.g. "Authorization: Bearer <token>" for Prometheus`,
    `accepted Host names: ${plan.hostNames.join(', ')} (add DNS names with --allow-host)`,
    'plain HTTP: the token crosses the network in clear; keep the port on a private network or put TLS in front',
  ];
}

function isLoopbackAddress(address: string): boolean {
  return /^127\.\d+\.\d+\.\d+$/.test(address) || address === '::1';
}

function hostForUrl(address: string): string {
  return isIP(address) === 6 ? `[${address}]` : address;
}

function extra(names: readonly string[] | undefined): string[] {
  return (names ?? []).map((name) => name.trim().toLowerCase()).filter(Boolean);
}

import net from 'node:net';

/** A host name the preload below resolves to `::1` first (AAAA), then `127.0.0.1` (A). */
export const DUAL_STACK_HOST = 'dual-stack.tether.test';

/**
 * `--import` preload (pass via NODE_OPTIONS to the proxy) that gives DUAL_STACK_HOST both an AAAA and
 * an A record, AAAA first, as a real dual-stack DNS answer would. Everything else resolves normally.
 */
export const DUAL_STACK_DNS_PRELOAD =
  'data:text/javascript,' +
  encodeURIComponent(`
import dns from "node:dns";
const lookup = dns.lookup;
dns.lookup = function (hostname, options, callback) {
  if (hostname !== "${DUAL_STACK_HOST}") return lookup.call(this, hostname, options, callback);
  const done = typeof options === "function" ? options : callback;
  const wanted = typeof options === "object" && options !== null ? options : {};
  const records = [{ address: "::1", family: 6 }, { address: "127.0.0.1", family: 4 }].filter(
    (record) => !wanted.family || record.family === wanted.family,
  );
  process.nextTick(() =>
    wanted.all ? done(null, records) : done(null, records[0].address, records[0].family),
  );
};
`);

export type Ipv6BlackHole = { connections(): number; close(): Promise<void> };

/**
 * Listens on `[::1]:port` and swallows everything: connections are accepted and then nothing ever comes
 * back, like an IPv6 path that passes the handshake and drops the data (a PMTU black hole). Happy
 * eyeballs cannot help here: the connection did succeed.
 */
export async function startIpv6BlackHole(port: number): Promise<Ipv6BlackHole> {
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const server = net.createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '::1', () => resolve());
  });
  return {
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

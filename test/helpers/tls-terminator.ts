import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { systemTool } from './system-tools.js';

export type TlsTerminator = {
  /** `https://127.0.0.1:<port><pathname>`. */
  url(pathname?: string): string;
  /** PEM file of the self-signed certificate, for `NODE_EXTRA_CA_CERTS`. */
  certFile: string;
  /** TLS handshakes completed so far (one per new connection). */
  handshakes(): number;
  close(): Promise<void>;
};

/**
 * An https front for a plain-http server on loopback, as a TLS-terminating load balancer is: a fresh
 * self-signed certificate for 127.0.0.1 (made with the `openssl` CLI), every request relayed as is.
 */
export async function startTlsTerminator(target: { port: number }): Promise<TlsTerminator> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tether-tls-'));
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  execFileSync(
    systemTool('openssl'),
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  );
  let handshakes = 0;
  const server = createServer({ key: readFileSync(keyFile), cert: readFileSync(certFile) }, (req, res) => {
    const upstream = httpRequest(
      { host: '127.0.0.1', port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  server.on('secureConnection', () => handshakes++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (pathname = '/mcp') => `https://127.0.0.1:${port}${pathname}`,
    certFile,
    handshakes: () => handshakes,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
